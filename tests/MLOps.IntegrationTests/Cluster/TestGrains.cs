using System.Collections.Concurrent;

namespace MLOps.IntegrationTests.Cluster;

[Alias("tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);
}

[Alias("tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithGuidKey
{
    Task StartAsync(TimeSpan dueTime, TimeSpan period);
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    /// <summary>Ticks received, per grain, across every silo of this test process.</summary>
    public static ConcurrentDictionary<Guid, int> Ticks { get; } = new();

    public async Task StartAsync(TimeSpan dueTime, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate(this.GetPrimaryKey(), 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }
}
