namespace MLOps.Bench.Monitoring;

/// <summary>CPU time by process group, as <see cref="ProcessTreeCpu"/> reads it; differences give a cell's use.</summary>
/// <param name="Server">MLOps.Server (the dotnet child process).</param>
/// <param name="Postgres">PostgreSQL: the postmaster, its backends and helpers.</param>
/// <param name="Other">Azurite and the watchdog shells.</param>
/// <param name="LoadGenerator">This process.</param>
internal readonly record struct CpuTimes(TimeSpan Server, TimeSpan Postgres, TimeSpan Other, TimeSpan LoadGenerator)
{
    public TimeSpan Total => Server + Postgres + Other + LoadGenerator;

    public static CpuTimes operator -(CpuTimes after, CpuTimes before) => new(
        after.Server - before.Server, after.Postgres - before.Postgres, after.Other - before.Other, after.LoadGenerator - before.LoadGenerator);

    public static CpuTimes operator +(CpuTimes a, CpuTimes b) => new(
        a.Server + b.Server, a.Postgres + b.Postgres, a.Other + b.Other, a.LoadGenerator + b.LoadGenerator);
}
