using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Cases.Assessing;

/// <summary>Where the case stands on one of the five rules of thumb; repeated over time, so the case shows where it started.</summary>
internal static class AssessVuistregel
{
    public sealed record Request(Vuistregel? Vuistregel, VuistregelStatus? Status, [property: Text(4000, MultiLine = true)] string? Note);

    /// <summary>A note on a rule of thumb is personal data of that rule's own category.</summary>
    public static DataCategory CategoryOf(Vuistregel vuistregel) => vuistregel switch
    {
        Vuistregel.Wonen => DataCategory.Wonen,
        Vuistregel.Financien => DataCategory.Financien,
        Vuistregel.Daginvulling => DataCategory.Daginvulling,
        Vuistregel.Ondersteuning => DataCategory.Ondersteuning,
        _ => DataCategory.Leefomgeving,
    };

    public static object[] Decide(Case state, Vuistregel vuistregel, VuistregelStatus status, string? note, Participant by, DateTimeOffset now)
    {
        state.EnsureOpen();
        var categorised = note is null ? null : new CategorisedText(note, CategoryOf(vuistregel));
        return [new VuistregelAssessed(state.Id, vuistregel, status, categorised, by, now)];
    }

    public static Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var vuistregel = errors.Require("vuistregel", request.Vuistregel);
        var status = errors.Require("status", request.Status);
        var note = errors.OptionalText("note", request.Note);
        errors.ThrowIfAny();

        return CaseWork.Change(http, id, state => Decide(state, vuistregel, status, note, user.AsParticipant(), clock.GetUtcNow()));
    }
}
