//! Large synthetic books for benchmarks and soak tests, built through the domain's commands.
