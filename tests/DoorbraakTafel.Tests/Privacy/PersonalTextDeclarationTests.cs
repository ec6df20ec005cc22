using System.Reflection;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Acting;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Export.Reports;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Live;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Rights;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Privacy;

/// <summary>
/// Every text of every event, stored document and view a person or report sees says what it is:
/// personal (with its category, or its item's) or not (with why). Pure reflection, except the list
/// of stored documents, which the running store knows.
/// </summary>
public sealed class PersonalTextDeclarationTests
{
    private static readonly Assembly App = typeof(CaseDetails).Assembly;

    /// <summary>Every type a projection or write state applies: the events, as erasure's masking finds them.</summary>
    private static IEnumerable<Type> EventTypes() => Erasure.EventTypes;

    /// <summary>What the API, pages and reports hand out besides stored documents.</summary>
    private static readonly Type[] Views =
    [
        typeof(CaseView), typeof(CaseTitle), typeof(ResidentConsents), typeof(AccessReport), typeof(WorklistEntry), typeof(ResidentErasure), typeof(TableReport), typeof(SignalView),
    ];

    [Test]
    public void The_events_are_found()
    {
        var names = EventTypes().Select(t => t.Name).ToList();
        Assert.That(names, Is.SupersetOf(new[] { "CaseOpened", "DecisionRecorded", "SystemSignalStatusChanged", "AttendanceRecorded", "ConsentWithdrawn", "CaseTextsErased", "OrganisationLeftTable" }));
    }

    [Test]
    public void Every_string_of_every_event_is_declared_personal_or_not()
    {
        Assert.That(EventTypes().SelectMany(t => Undeclared(t, [])).Distinct(), Is.Empty);
    }

    [Test]
    public void Every_string_of_every_stored_document_and_view_is_declared_and_every_personal_text_has_a_category()
    {
        var documents = TestRun.App.Services.GetRequiredService<IDocumentStore>().Options.AllKnownDocumentTypes()
            .Select(m => m.DocumentType).Where(t => t.Assembly == App).ToList();
        Assert.That(documents.Select(t => t.Name), Is.SupersetOf(new[] { "CaseDetails", "SignalItem", "MeetingBoard", "ConsentRecord", "Resident", "ActionItem" }));

        var types = documents.Concat(Views).ToList();
        Assert.That(types.SelectMany(t => Undeclared(t, [])).Distinct(), Is.Empty);
        // A stored document's note must find its category in the document itself: the gate filters by it.
        Assert.That(documents.SelectMany(t => Uncategorised(t, hasItemCategory: false, [])).Distinct(), Is.Empty);
    }

    [Test]
    public void Every_event_the_live_board_hears_of_has_a_label()
    {
        var live = EventTypes().Where(t => t.Namespace!.StartsWith("DoorbraakTafel.Cases", StringComparison.Ordinal) || t.Namespace == "DoorbraakTafel.Meetings" || t == typeof(CaseTextsErased));
        Assert.That(live.Where(t => t.GetCustomAttribute<StepLabelAttribute>() is null).Select(t => t.Name), Is.Empty);
    }

    /// <summary>The string properties of <paramref name="type"/> and the records in it that declare nothing.</summary>
    private static IEnumerable<string> Undeclared(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type == typeof(CategorisedText) || type.GetCustomAttribute<NonPersonalAttribute>() is not null)
        {
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var target = PersonalTexts.ElementOf(property.PropertyType) ?? property.PropertyType;
            if (target == typeof(string))
            {
                if (property.GetCustomAttribute<PersonalTextAttribute>() is null && property.GetCustomAttribute<NeedToKnowTextAttribute>() is null
                    && property.GetCustomAttribute<NonPersonalAttribute>() is not { Why.Length: > 0 })
                {
                    yield return $"{type.Name}.{property.Name}";
                }
            }
            else if (target.Assembly == App && target.IsClass)
            {
                foreach (var inner in Undeclared(target, seen))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Personal texts without a category of their own that no enclosing type gives one.</summary>
    private static IEnumerable<string> Uncategorised(Type type, bool hasItemCategory, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type == typeof(CategorisedText))
        {
            yield break;
        }

        hasItemCategory |= type.GetCustomAttribute<TextsTakeCategoryOfAttribute>() is not null;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var target = PersonalTexts.ElementOf(property.PropertyType) ?? property.PropertyType;
            if (target == typeof(string) && property.GetCustomAttribute<PersonalTextAttribute>() is { Category: null } && !hasItemCategory)
            {
                yield return $"{type.Name}.{property.Name}";
            }
            else if (target != typeof(string) && target.Assembly == App && target.IsClass)
            {
                foreach (var inner in Uncategorised(target, hasItemCategory, [.. seen]))
                {
                    yield return inner;
                }
            }
        }
    }

    [Test]
    public void A_decision_passes_the_gate_with_its_rule_deviation_mandate_and_each_cost_line_in_their_categories()
    {
        var by = new Participant("u", "o");
        var decision = new Decision(
            Guid.NewGuid(), new CategorisedText("Jaarkaart", DataCategory.Financien), new CategorisedText("Reizen is daginvulling", DataCategory.Daginvulling), null, null, true, true,
            new RuleDeviation("Geen reiskosten", "Maatwerk", new Mandate("M. de Boer", "Wethouder", "Gemeente", "B&W 1"), "Hardheidsclausule", null),
            new CostComparison([new CostItem("Vervangende hechtenis", 50_000_00, CostPeriod.PerYear, DataCategory.Justitie), new CostItem("Overleg", 500_00, CostPeriod.Once)],
                [new CostItem("NS-jaarkaart", 3_000_00, CostPeriod.PerYear, DataCategory.Financien)]),
            by, DateTimeOffset.UnixEpoch);

        var texts = PersonalTexts.Of(decision).Select(t => (t.Text, t.Category)).ToList();
        var shownWithoutJustice = PersonalTexts.Map(decision, t => t.Category == DataCategory.Justitie ? t with { Text = "" } : t, _ => "");

        Assert.Multiple(() =>
        {
            Assert.That(texts, Does.Contain(("Geen reiskosten", DataCategory.Daginvulling)).And.Contain(("Hardheidsclausule", DataCategory.Daginvulling))
                .And.Contain(("M. de Boer", DataCategory.Daginvulling)).And.Contain(("B&W 1", DataCategory.Daginvulling)));
            Assert.That(texts, Does.Contain(("Vervangende hechtenis", DataCategory.Justitie)).And.Contain(("Overleg", DataCategory.Daginvulling))
                .And.Contain(("NS-jaarkaart", DataCategory.Financien)));
            Assert.That(shownWithoutJustice.CostComparison!.Current[0].Label, Is.Empty);
            Assert.That(shownWithoutJustice.CostComparison.Current[1].Label, Is.EqualTo("Overleg"));
            Assert.That(shownWithoutJustice.RuleDeviation!.Rule, Is.EqualTo("Geen reiskosten"));
            Assert.That(decision.CostComparison!.Current[0].Label, Is.EqualTo("Vervangende hechtenis"), "the original is left as it was");
        });
    }

    [Test]
    public void Masking_an_event_replaces_every_personal_text_and_keeps_ids_and_codes()
    {
        var by = new Participant("demo-fatima", "org-ggz");
        var added = new ContributionAdded(Guid.NewGuid(), Guid.NewGuid(), new CategorisedText("Jorrit belde", DataCategory.Netwerk),
            new SharingWeighing("doel", "grondslag", "noodzaak", "proportioneel", "subsidiair", false, "Jorrit is in gevaar"), by, null, DateTimeOffset.UnixEpoch);

        var masked = PersonalTexts.Mask(added);

        Assert.That(PersonalTexts.Of(masked), Has.Count.EqualTo(7));
        Assert.That(PersonalTexts.Of(masked).Select(t => t.Text), Is.All.EqualTo(PersonalTexts.Masked));
        Assert.That(masked.By, Is.EqualTo(by));
        Assert.That(masked.Weighing.ResidentInformed, Is.False);
        Assert.That(PersonalTexts.Mask(new CaseOpened(Guid.NewGuid(), "Jorrit", new CategorisedText("t", DataCategory.Wonen), new Referrer("u", "o"), null, null, DateTimeOffset.UnixEpoch)).Title,
            Is.EqualTo(PersonalTexts.Masked));
    }

    [Test]
    public void The_live_push_carries_the_texts_an_event_declares()
    {
        var weighing = new SharingWeighing("doel", "grondslag", "noodzaak", "proportioneel", "subsidiair", true, null);
        var added = new ContributionAdded(Guid.NewGuid(), Guid.NewGuid(), new CategorisedText("inbreng", DataCategory.Gezondheid), weighing, new Participant("u", "o"), null, DateTimeOffset.UnixEpoch);

        Assert.That(PersonalTexts.Of(added).Select(t => t.Category).Distinct(), Is.EqualTo(new[] { DataCategory.Gezondheid }));
        Assert.That(PersonalTexts.Of(added).Select(t => t.Text), Does.Contain("inbreng").And.Contain("grondslag"));
        Assert.That(PersonalTexts.Of(new PositionTaken(Guid.NewGuid(), Guid.NewGuid(), Position.Object, "reden", new Participant("u", "o"), DateTimeOffset.UnixEpoch)), Is.Empty,
            "a reason whose category only the case knows is not pushed");
    }
}
