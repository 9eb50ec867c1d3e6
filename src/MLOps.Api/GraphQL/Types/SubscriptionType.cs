using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.GraphQL.Monitoring;
using MLOps.Api.Identity;
using MLOps.Api.Monitoring;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Monitoring;

namespace MLOps.Api.GraphQL.Types;

/// <summary>Live monitoring events of every replica, over the WebSocket transport (graphql-transport-ws).</summary>
public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        Field<NonNullGraphType<AlertEventType>>("alertRaised")
            .Description("Alerts as they are raised and resolved (see state), of one deployment or of all.")
            .Argument<StringGraphType>("deployment", "Only this deployment's alerts; all deployments when omitted.")
            .ResolveStream(context => Observe(context, "subscribing to alerts", notice => notice.Alert, alert => alert.Deployment));
        Field<NonNullGraphType<WindowClosedEventType>>("windowClosed")
            .Description("Drift windows as they close and are evaluated, of one deployment or of all.")
            .Argument<StringGraphType>("deployment", "Only this deployment's windows; all deployments when omitted.")
            .ResolveStream(context => Observe(context, "subscribing to drift windows", notice => notice.Window, window => window.Deployment));
    }

    private static NoticeStream<T> Observe<T>(
        IResolveFieldContext context, string action, Func<MonitoringNotice, T?> select, Func<T, string> deploymentOf)
        where T : class
    {
        context.User.ToCaller().Require(Roles.Reader, action);
        var deployment = context.GetArgument<string?>("deployment");
        var hub = context.RequestServices!.GetRequiredService<MonitoringEventHub>();
        return new NoticeStream<T>(hub, notice => select(notice) is { } item
            && (deployment is null || string.Equals(deploymentOf(item), deployment, StringComparison.Ordinal)) ? item : null);
    }

    /// <summary>The hub's notices of one kind, filtered; each subscription is one hub subscriber.</summary>
    private sealed class NoticeStream<T>(MonitoringEventHub hub, Func<MonitoringNotice, T?> pick) : IObservable<T>
        where T : class
    {
        public IDisposable Subscribe(IObserver<T> observer) => hub.Subscribe(new Filter(observer, pick));

        private sealed class Filter(IObserver<T> observer, Func<MonitoringNotice, T?> pick) : IObserver<MonitoringNotice>
        {
            public void OnNext(MonitoringNotice value)
            {
                if (pick(value) is { } item)
                {
                    observer.OnNext(item);
                }
            }

            public void OnError(Exception error) => observer.OnError(error);

            public void OnCompleted() => observer.OnCompleted();
        }
    }
}
