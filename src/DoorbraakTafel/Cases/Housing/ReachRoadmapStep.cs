using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;

namespace DoorbraakTafel.Cases.Housing;

/// <summary>The routekaart toward a definitive woonprofiel: inventarisatie, consultatie, definitief.</summary>
internal static class ReachRoadmapStep
{
    public sealed record Request(RoadmapStep? Step, DateOnly? On, [property: Text(1000, MultiLine = true)] string? Note);

    public static object[] Decide(Case state, RoadmapStepReached step)
    {
        state.EnsureOpen();
        return [step];
    }

    public static Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var step = errors.Require("step", request.Step);
        var note = errors.OptionalText("note", request.Note, 1000);
        errors.ThrowIfAny();

        var reached = new RoadmapStepReached(id, step, request.On ?? clock.Today(), note, user.AsParticipant(), clock.GetUtcNow());
        return CaseWork.Change(http, id, state => Decide(state, reached));
    }
}
