using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Bench;

/// <summary>
/// The same append for every way: a contribution by the signed-in chair, with a text of
/// realistic length. The API receives it as JSON; the other ways build the event directly.
/// </summary>
internal static class Workload
{
    public const string Text = "Ik heb met de woningcorporatie gebeld: een tijdelijke kamer kan per de eerste van de maand, als de schuldhulp het budgetplan rond heeft.";

    public const DataCategory Category = DataCategory.Wonen;

    public static readonly DemoUser User = DemoUsers.Find(BenchHost.UserName)!;

    /// <summary>The sharing organisation's weighing, which a contribution must carry.</summary>
    public static readonly SharingWeighing Weighing = new(
        "Casusoverleg doorbraaktafel",
        "Wmo 2015 art. 5.2.1 lid 2",
        "Zonder de woonsituatie kan de tafel geen passende plek zoeken.",
        "Alleen wat de tafel voor de woonvraag nodig heeft.",
        "De inwoner kan dit niet zelf regelen met de corporatie.",
        ResidentInformed: true,
        NotInformedReason: null);

    public static readonly Participant By = new(User.UserId, User.Organisation.Id);

    /// <summary>Writer w appends round-robin to its own streams w*k .. w*k+k-1, so no two writers contend.</summary>
    public static int StreamOf(BenchSettings settings, int writer, long sequence) =>
        (writer * settings.StreamsPerWriter) + (int)(sequence % settings.StreamsPerWriter);

    public static ContributionAdded Contribution(Guid caseId, DateTimeOffset at) =>
        new(caseId, Guid.CreateVersion7(), new CategorisedText(Text, Category), Weighing, By, null, at);

    public static CaseOpened Opened(Guid caseId, int number, DateTimeOffset at) =>
        new(caseId, $"Benchmark case {number}", new CategorisedText("Geen passende woonplek na uitstroom.", DataCategory.Wonen), new Referrer(User.UserId, User.Organisation.Id), null, null, at);
}
