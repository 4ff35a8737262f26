"""Progress roll-up (SPEC §4): a task's insert, update or delete recomputes its
wave's progress (rounded mean of its tasks), and a wave's its program's."""

import pytest


def add_task(conn, wave_id, progress: int):
    return conn.execute(
        "insert into foreman.tasks (wave_id, name, architecture_reference, qa_suite_location, acceptance_criteria,"
        " state, progress_percentage) values (%s, 't', 'a', 'q', 'c', 'in-progress', %s) returning task_id",
        (wave_id, progress),
    ).fetchone()[0]


@pytest.fixture
def program(conn):
    program_id = conn.execute(
        "insert into foreman.programs (name, description, state) values ('p', 'd', 'in-progress') returning program_id"
    ).fetchone()[0]
    waves = [
        conn.execute(
            "insert into foreman.waves (program_id, name, sequence_number, state) values (%s, 'w', %s, 'planned')"
            " returning wave_id",
            (program_id, seq),
        ).fetchone()[0]
        for seq in (1, 2)
    ]
    return program_id, waves


def progress(conn, program_id, waves) -> tuple[int, list[int]]:
    program = conn.execute("select progress_percentage from foreman.programs where program_id = %s", (program_id,)).fetchone()[0]
    by_wave = dict(conn.execute("select wave_id, progress_percentage from foreman.waves where program_id = %s", (program_id,)).fetchall())
    return program, [by_wave.get(wave) for wave in waves]


def test_task_insert_update_delete_roll_up(conn, program):
    program_id, (w1, w2) = program
    a = add_task(conn, w1, 10)
    b = add_task(conn, w1, 25)
    # w1 = round(avg(10, 25) = 17.5) = 18; w2 (no tasks) = 0; program = round(avg(18, 0) = 9) = 9
    assert progress(conn, program_id, [w1, w2]) == (9, [18, 0])

    add_task(conn, w2, 100)  # w2 = 100; program = round(avg(18, 100) = 59) = 59
    assert progress(conn, program_id, [w1, w2]) == (59, [18, 100])

    conn.execute("update foreman.tasks set progress_percentage = 90 where task_id = %s", (a,))
    # w1 = round(avg(90, 25) = 57.5) = 58; program = round(avg(58, 100) = 79) = 79
    assert progress(conn, program_id, [w1, w2]) == (79, [58, 100])

    conn.execute("delete from foreman.tasks where task_id = %s", (b,))
    # w1 = 90; program = round(avg(90, 100) = 95) = 95
    assert progress(conn, program_id, [w1, w2]) == (95, [90, 100])

    conn.execute("update foreman.tasks set wave_id = %s where task_id = %s", (w2, a))
    # w1 empty = 0; w2 = avg(100, 90) = 95; program = round(avg(0, 95) = 47.5) = 48
    assert progress(conn, program_id, [w1, w2]) == (48, [0, 95])


def test_wave_delete_rolls_up_to_the_program(conn, program):
    program_id, (w1, w2) = program
    add_task(conn, w1, 40)
    add_task(conn, w2, 80)
    assert progress(conn, program_id, [w1, w2]) == (60, [40, 80])  # avg(40, 80)
    conn.execute("delete from foreman.waves where wave_id = %s", (w2,))  # cascades to its task
    assert progress(conn, program_id, [w1, w2]) == (40, [40, None])
    conn.execute("delete from foreman.waves where wave_id = %s", (w1,))
    assert progress(conn, program_id, [w1, w2]) == (0, [None, None])  # nothing to average
