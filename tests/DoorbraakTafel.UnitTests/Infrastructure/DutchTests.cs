using System.Reflection;
using System.Text.RegularExpressions;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Policy;
using Microsoft.AspNetCore.Http;

namespace DoorbraakTafel.UnitTests.Infrastructure;

public sealed partial class DutchTests
{
    /// <summary>
    /// Code names that are Dutch words as they stand, so a label may be the name itself. "Financien"
    /// lacks its diaeresis and "Definitief" names no step on its own, so neither is here.
    /// </summary>
    private static readonly HashSet<string> DutchAsItStands =
    [
        "Wonen", "Daginvulling", "Ondersteuning", "Leefomgeving", "Netwerk", "Gezondheid", "Justitie", "Identificatie",
        "Onbekend", "Zorgelijk", "Wankel", "Aangemeld", "Afgesloten", "Open", "Inventarisatie", "Consultatie",
        "Mondeling", "Schriftelijk", "Digitaal",
    ];

    /// <summary>Every method of the glossary that says an enum value in Dutch: <c>Label</c> of each enum, and the like.</summary>
    private static IEnumerable<TestCaseData> Glossed() =>
        Glossaries().Select(m => new TestCaseData(m).SetArgDisplayNames($"{m.Name}({m.GetParameters()[0].ParameterType.Name})"));

    private static IEnumerable<MethodInfo> Glossaries() =>
        typeof(Dutch).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(string) && m.GetParameters() is [{ ParameterType.IsEnum: true }]);

    [Test]
    public void The_glossary_labels_every_enum_that_pages_and_exports_show()
    {
        var labelled = Glossaries().Where(m => m.Name == nameof(Dutch.Label)).Select(m => m.GetParameters()[0].ParameterType);

        Assert.That(labelled, Is.EquivalentTo(new[]
        {
            typeof(Vuistregel), typeof(VuistregelStatus), typeof(CaseStatus), typeof(MeetingStatus), typeof(Position), typeof(CostPeriod),
            typeof(ActionStatus), typeof(RoadmapStep), typeof(SignalStatus), typeof(DataCategory), typeof(ConsentKind), typeof(EvidenceKind),
        }));
    }

    [TestCaseSource(nameof(Glossed))]
    public void Every_value_has_its_own_Dutch_words_and_never_its_code_name(MethodInfo glossary)
    {
        var type = glossary.GetParameters()[0].ParameterType;
        var said = new Dictionary<string, string>();
        Assert.Multiple(() =>
        {
            foreach (var value in Enum.GetValues(type))
            {
                var name = $"{type.Name}.{value}";
                string? words = null;
                Assert.That(() => words = (string?)glossary.Invoke(null, [value]), Throws.Nothing, $"{name} has no Dutch words");
                if (words is null)
                {
                    continue;
                }

                Assert.That(words, Is.Not.Empty.And.EqualTo(words.Trim()), name);
                Assert.That(CamelCase().IsMatch(words), Is.False, $"{name} is shown as \"{words}\", a code");
                if (string.Equals(words, value.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    Assert.That(DutchAsItStands, Does.Contain(value.ToString()), $"{name} is shown by its code name");
                }

                Assert.That(said.TryAdd(words, name), Is.True, $"{name} is shown as \"{words}\", as {said.GetValueOrDefault(words)} is");
            }
        });
    }

    [Test]
    public void A_moment_is_written_with_om_before_its_Dutch_time_and_a_label_in_a_sentence_starts_lower_case()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Dutch.DateAndTime(new DateTimeOffset(2026, 5, 3, 12, 5, 0, TimeSpan.Zero)), Is.EqualTo("3 mei 2026 om 14:05"), "summer time");
            Assert.That(Dutch.DateAndTime(new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.Zero)), Is.EqualTo("1 februari 2026 om 00:30"), "winter time, the next day");
            Assert.That(Dutch.Date(new DateOnly(2026, 12, 8)), Is.EqualTo("8 december 2026"));
            Assert.That(Dutch.InSentence(Dutch.Label(ActionStatus.Overdue)), Is.EqualTo("te laat"));
            Assert.That(Dutch.InSentence(Dutch.Label(ConsentKind.AvgConsent)), Is.EqualTo("toestemming als grondslag (AVG)"));
        });
    }

    [Test]
    public void Categories_as_the_disclosure_log_keeps_them_are_shown_by_their_Dutch_names() =>
        Assert.That(Dutch.Categories("Identificatie,Financien,Gezondheid"), Is.EqualTo("Identificatie, Financiën, Gezondheid"));

    [Test]
    public void A_refusal_is_shown_with_the_sentence_it_carries_else_one_per_field_else_a_general_one()
    {
        // The meeting's own words, although its English detail names a case (once read as "the case is closed").
        var closedMeeting = Rejected.Conflict("This meeting is closed; put the case on the agenda of a next one.", "Deze bijeenkomst is al afgelopen.");
        var tableElsewhere = Rejected.Invalid("tableId", "Your organisation does not sit at table 7.", "Uw organisatie zit niet aan deze tafel.");

        Assert.Multiple(() =>
        {
            Assert.That(Dutch.Explain(closedMeeting), Is.EqualTo("Deze bijeenkomst is al afgelopen."));
            Assert.That(Dutch.Explain(tableElsewhere), Is.EqualTo("Uw organisatie zit niet aan deze tafel."));
            Assert.That(Dutch.Explain(Rejected.Invalid("due", "The due date is in the past.")), Does.StartWith("Deze datum is al voorbij."));
            Assert.That(Dutch.Explain(Rejected.NotFound("Case", Guid.Empty)), Is.EqualTo("Dit bestaat niet (meer)."));
            Assert.That(Dutch.Explain(new Rejected(StatusCodes.Status400BadRequest, "Invalid If-Match", "If-Match must be a version.")), Does.StartWith("Dit kan nu niet."));
        });
    }

    /// <summary>A lower-case letter followed by a capital, as in "PerYear" or "OpOrde".</summary>
    [GeneratedRegex(@"\p{Ll}\p{Lu}")]
    private static partial Regex CamelCase();
}
