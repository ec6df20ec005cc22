using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;

namespace DoorbraakTafel.Cases.Signalling;

internal static class ChangeSignalStatus
{
    public sealed record Request(SignalStatus? Status, [property: Text(1000, MultiLine = true)] string? Note);

    public static object[] Decide(Case state, Guid signalId, SignalStatus status, string? note, Participant by, DateTimeOffset now)
    {
        if (!state.Signals.TryGetValue(signalId, out var current))
        {
            throw Rejected.NotFound("Signal", signalId);
        }

        return current == status ? [] : [new SystemSignalStatusChanged(state.Id, signalId, status, note, by, now)];
    }

    public static Task<IResult> Handle(Guid id, Guid signalId, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var status = errors.Require("status", request.Status);
        var note = errors.OptionalText("note", request.Note, 1000);
        errors.ThrowIfAny();

        return CaseWork.Change(http, id, state => Decide(state, signalId, status, note, user.AsParticipant(), clock.GetUtcNow()));
    }
}
