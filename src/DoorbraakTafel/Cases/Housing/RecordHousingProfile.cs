using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Cases.Housing;

/// <summary>The woonprofiel: the joint starting point for housing, covering wishes, support conditions, income and risks.</summary>
internal static class RecordHousingProfile
{
    public sealed record Request(
        [property: Text(4000, MultiLine = true)] string? Wishes, [property: Text(4000, MultiLine = true)] string? SupportConditions, [property: Text(4000, MultiLine = true)] string? Income, [property: Text(4000, MultiLine = true)] string? Risks);

    public static object[] Decide(Case state, HousingProfileRecorded profile)
    {
        state.EnsureOpen();
        if (profile is { Wishes: null, SupportConditions: null, Income: null, Risks: null })
        {
            throw Rejected.Invalid("wishes", "A housing profile needs at least one of wishes, supportConditions, income or risks.");
        }

        return [profile];
    }

    public static Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var wishes = errors.OptionalText("wishes", request.Wishes);
        var support = errors.OptionalText("supportConditions", request.SupportConditions);
        var income = errors.OptionalText("income", request.Income);
        var risks = errors.OptionalText("risks", request.Risks);
        errors.ThrowIfAny();

        var profile = new HousingProfileRecorded(id, Tag(wishes, DataCategory.Wonen), Tag(support, DataCategory.Ondersteuning),
            Tag(income, DataCategory.Financien), Tag(risks, DataCategory.Leefomgeving), user.AsParticipant(), clock.GetUtcNow());
        return CaseWork.Change(http, id, state => Decide(state, profile));
    }

    private static CategorisedText? Tag(string? text, DataCategory category) => text is null ? null : new CategorisedText(text, category);
}
