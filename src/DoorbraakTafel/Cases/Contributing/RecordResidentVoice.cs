using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Cases.Contributing;

/// <summary>The resident's own words and wishes, recorded as such: the table talks with people, not about them.</summary>
internal static class RecordResidentVoice
{
    public sealed record Request([property: Text(4000, MultiLine = true)] string? Words, [property: Text(4000, MultiLine = true)] string? Wishes, DataCategory? Category);

    public static object[] Decide(Case state, CategorisedText words, CategorisedText? wishes, Participant by, DateTimeOffset now)
    {
        state.EnsureOpen();
        return [new ResidentVoiceRecorded(state.Id, words, wishes, by, now)];
    }

    public static Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var words = errors.RequireText("words", request.Words);
        var wishes = errors.OptionalText("wishes", request.Wishes);
        var category = errors.Require("category", request.Category);
        errors.ThrowIfAny();

        return CaseWork.Change(http, id, state => Decide(
            state, new CategorisedText(words, category), wishes is null ? null : new CategorisedText(wishes, category), user.AsParticipant(), clock.GetUtcNow()));
    }
}
