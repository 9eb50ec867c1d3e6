using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A request to move a model version to another stage, and its decision.</summary>
/// <param name="Id">The request's id, to approve or reject it.</param>
/// <param name="Version">The version it moves.</param>
/// <param name="FromStage">The stage the version was in.</param>
/// <param name="ToStage">The stage asked for.</param>
/// <param name="Status">PENDING (Production waits for another approver), APPROVED or REJECTED.</param>
/// <param name="RequestedBy">Who asked.</param>
/// <param name="Comment">The requester's comment, or null.</param>
/// <param name="DecidedBy">Who approved or rejected it, or null while pending.</param>
public sealed record StageTransition(
    string Id, int Version, string FromStage, string ToStage, string Status, string RequestedBy, string? Comment, string? DecidedBy)
{
    internal const string Fields = "id version fromStage toStage status requestedBy comment decidedBy";

    internal static StageTransition Read(JsonElement e) => new(
        e.String("id"), e.Int32("version"), e.String("fromStage"), e.String("toStage"), e.String("status"),
        e.String("requestedBy"), e.OptionalString("comment"), e.OptionalString("decidedBy"));
}
