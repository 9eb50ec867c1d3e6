using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MLOps.Contracts.Monitoring;
using MLOps.Contracts.Registry;
using MLOps.Monitoring.Windows;
using MLOps.Storage.Monitoring;

namespace MLOps.Grains.Monitoring;

/// <summary>One drift window; see <see cref="IDriftWindowGrain"/>.</summary>
/// <remarks>
/// The merged profile lives in memory and is checkpointed every <see cref="MonitoringOptions.CheckpointSeconds"/>
/// and on deactivation, so a lost silo costs at most that much of the window. A grain timer closes the window
/// on time; a reminder (durable) closes it if the grain was deactivated or its silo died before that.
/// </remarks>
public sealed partial class DriftWindowGrain(
    WindowStore windows, WindowJudge judge, IOptions<MonitoringOptions> options, TimeProvider time, ILogger<DriftWindowGrain> logger)
    : Grain, IDriftWindowGrain, IRemindable
{
    private const string CloseReminder = "close";

    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private DriftWindowKey _key;
    private DateTimeOffset _end;
    private WindowProfile? _profile;
    private WindowEvaluation? _final;
    private bool _dirty;
    private bool _persisted;
    private bool _scheduled;
    private IGrainTimer? _closer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = DriftWindowKey.Parse(this.GetPrimaryKeyString());
        if (await windows.GetAsync(_key.Deployment, _key.ModelName, _key.Version, _key.WindowStart, cancellationToken) is { } stored)
        {
            _end = stored.Window.WindowEnd;
            _persisted = true;
            if (stored.Window.ClosedAt is not null)
            {
                _final = new WindowEvaluation(true, stored.Window.RowCount, stored.Window.ReportJson ?? "{}");
            }
            else if (stored.Profile is { } bytes)
            {
                _profile = WindowProfile.Deserialize(bytes);
                foreach (var (replica, sequence) in stored.ReplicaSequences)
                {
                    _sequences[replica] = sequence;
                }

                await ScheduleAsync();
            }
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_final is null && _dirty)
        {
            await CheckpointAsync();
        }
    }

    public async Task AddPartialAsync(WindowPartial partial)
    {
        ArgumentNullException.ThrowIfNull(partial);
        if (_final is not null)
        {
            // Flushed after the window closed (a replica's clock or a slow flush): counted, never reopened.
            LogLatePartial(_key.ToString(), partial.ReplicaId);
            return;
        }

        if (_sequences.TryGetValue(partial.ReplicaId, out var last) && partial.Sequence <= last)
        {
            return;
        }

        _sequences[partial.ReplicaId] = partial.Sequence;
        var incoming = WindowProfile.Deserialize(partial.Profile);
        if (_profile is null)
        {
            _profile = incoming;
        }
        else
        {
            try
            {
                _profile.Merge(incoming);
            }
            catch (ArgumentException e)
            {
                // The layout changed mid-window (a reference profile was attached, or the model's signature
                // differs): the window keeps what it has; a retry could never merge either.
                LogIncompatiblePartial(_key.ToString(), partial.ReplicaId, e.Message);
                return;
            }
        }

        _dirty = true;
        if (_end == default)
        {
            _end = _key.WindowStart.AddSeconds(partial.WindowSeconds);
        }

        await ScheduleAsync();
        if (!_persisted)
        {
            // The row exists from the first partial on, so listings and the overdue sweep see the open window.
            await CheckpointAsync();
        }
    }

    public async Task<WindowEvaluation> EvaluateAsync()
    {
        if (_final is not null)
        {
            return _final;
        }

        var verdict = await judge.JudgeAsync(_key, _end, _profile);
        return new WindowEvaluation(false, verdict.Rows, verdict.ReportJson);
    }

    public async Task CloseAsync()
    {
        if (_final is not null || _profile is null)
        {
            await ForgetReminderAsync();
            return;
        }

        var now = time.GetUtcNow();
        if (now < _end.AddMilliseconds(options.Value.CloseGraceMilliseconds))
        {
            return;
        }

        var verdict = await judge.JudgeAsync(_key, _end, _profile);
        var record = new WindowRecord(_key.Deployment, _key.ModelName, _key.Version, _key.WindowStart, _end, verdict.Rows, verdict.Requests, now,
            verdict.DriftShare, verdict.DatasetDrift, verdict.ReportJson);
        await windows.CloseAsync(record, _profile.Serialize(), default);
        _final = new WindowEvaluation(true, verdict.Rows, verdict.ReportJson);
        _dirty = false;

        await GrainFactory.GetGrain<IDeploymentMonitorGrain>(_key.Deployment).WindowClosedAsync(new ClosedWindow(
            _key.ModelName, _key.Version, _key.WindowStart, _end, verdict.Rows, verdict.Requests, verdict.Metrics, verdict.FeatureScores, verdict.LabelledRows));
        var stream = this.GetStreamProvider(RegistryStreams.ProviderName)
            .GetStream<MonitoringNotice>(StreamId.Create(MonitoringStreams.Namespace, MonitoringStreams.Key));
        await stream.OnNextAsync(new MonitoringNotice(null, new WindowClosedNotice(
            _key.Deployment, _key.ModelName, _key.Version, _key.WindowStart, _end, verdict.Rows, verdict.DriftShare, verdict.DatasetDrift)));
        await ForgetReminderAsync();
        _closer?.Dispose();
        _profile = null;
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => CloseAsync();

    private async Task ScheduleAsync()
    {
        if (_scheduled || _end == default)
        {
            return;
        }

        _scheduled = true;
        var closeAt = _end.AddMilliseconds(options.Value.CloseGraceMilliseconds);
        var due = closeAt - time.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        // Repeats until the window closes: a timer may fire a little early, and a close that finds the grace not
        // yet over simply waits for the next tick.
        _closer = this.RegisterGrainTimer(_ => CloseAsync(), new GrainTimerCreationOptions(due, TimeSpan.FromMilliseconds(250)) { Interleave = false });
        var checkpoint = TimeSpan.FromSeconds(options.Value.CheckpointSeconds);
        this.RegisterGrainTimer(_ => _dirty && _final is null ? CheckpointAsync() : Task.CompletedTask,
            new GrainTimerCreationOptions(checkpoint, checkpoint) { Interleave = false });
        // The durable fallback fires a minute after the timer should have; Orleans reminders tick at most once a minute.
        await this.RegisterOrUpdateReminder(CloseReminder, due + TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private async Task CheckpointAsync()
    {
        if (_profile is null)
        {
            return;
        }

        var record = new WindowRecord(_key.Deployment, _key.ModelName, _key.Version, _key.WindowStart, _end, _profile.Count, _profile.RequestCount,
            null, null, false, null);
        await windows.CheckpointAsync(record, _profile.Serialize(), _sequences, default);
        _dirty = false;
        _persisted = true;
    }

    private async Task ForgetReminderAsync()
    {
        if (await this.GetReminder(CloseReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Window {Window} dropped a partial from {Replica} it cannot merge: {Reason}")]
    private partial void LogIncompatiblePartial(string window, string replica, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Window {Window} is closed; a partial from {Replica} came too late and was not merged")]
    private partial void LogLatePartial(string window, string replica);
}
