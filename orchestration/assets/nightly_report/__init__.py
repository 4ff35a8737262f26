"""The nightly learning report: static HTML dashboards (learning, antifragility per hub, Foreman) from the marts."""
