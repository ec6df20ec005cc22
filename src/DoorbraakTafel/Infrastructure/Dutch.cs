using System.Globalization;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;

namespace DoorbraakTafel.Infrastructure;

/// <summary>
/// The one glossary of the Dutch words that pages, PDFs and CSV files show for the domain's code
/// names, in plain Dutch (B1), and the one way they write dates and amounts. A label is written as
/// it starts a line or a table cell; <see cref="InSentence"/> gives it inside a sentence. Every enum
/// value has its own arm, so a value without a label throws, and the unit tests enumerate them all.
/// </summary>
public static class Dutch
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("nl-NL");

    public static string Label(Vuistregel value) => value switch
    {
        Vuistregel.Wonen => "Wonen",
        Vuistregel.Financien => "Financiën",
        Vuistregel.Daginvulling => "Daginvulling",
        Vuistregel.Ondersteuning => "Ondersteuning",
        Vuistregel.Leefomgeving => "Leefomgeving",
        _ => throw Unlabelled(value),
    };

    /// <summary>The rule of thumb as the table says it.</summary>
    public static string Meaning(Vuistregel value) => value switch
    {
        Vuistregel.Wonen => "Goed wonen en een veilig thuis",
        Vuistregel.Financien => "Gezonde financiën, geen onnodig financieel gedoe",
        Vuistregel.Daginvulling => "Een waardevolle daginvulling",
        Vuistregel.Ondersteuning => "Goede ondersteuning die echt past",
        Vuistregel.Leefomgeving => "Een fijne leefomgeving voor en met iedereen",
        _ => throw Unlabelled(value),
    };

    /// <summary>How a rule of thumb stands, at an assessment or at the closing of the case: "Onbekend", not "Nog onbekend", since at the closing it will not become known.</summary>
    public static string Label(VuistregelStatus value) => value switch
    {
        VuistregelStatus.Onbekend => "Onbekend",
        VuistregelStatus.Zorgelijk => "Zorgelijk",
        VuistregelStatus.Wankel => "Wankel",
        VuistregelStatus.OpOrde => "Op orde",
        _ => throw Unlabelled(value),
    };

    public static string Label(CaseStatus value) => value switch
    {
        CaseStatus.Aangemeld => "Aangemeld",
        CaseStatus.Geagendeerd => "Op de agenda",
        CaseStatus.InBehandeling => "In behandeling",
        CaseStatus.Doorbraak => "Doorbraak bereikt",
        CaseStatus.Afgesloten => "Afgesloten",
        _ => throw Unlabelled(value),
    };

    public static string Label(MeetingStatus value) => value switch
    {
        MeetingStatus.Planned => "Gepland",
        MeetingStatus.Open => "Bezig",
        MeetingStatus.Closed => "Afgelopen",
        _ => throw Unlabelled(value),
    };

    /// <summary>A position on a proposal: "Onthouding", not "Geen mening", since one who abstains takes no stand but may well have a view.</summary>
    public static string Label(Position value) => value switch
    {
        Position.Agree => "Eens",
        Position.Abstain => "Onthouding",
        Position.Object => "Bezwaar",
        _ => throw Unlabelled(value),
    };

    /// <summary>Lower case as the only label: it always follows an amount ("€ 3.000 per jaar").</summary>
    public static string Label(CostPeriod value) => value switch
    {
        CostPeriod.PerYear => "per jaar",
        CostPeriod.PerMonth => "per maand",
        CostPeriod.PerWeek => "per week",
        CostPeriod.Once => "eenmalig",
        _ => throw Unlabelled(value),
    };

    public static string Label(ActionStatus value) => value switch
    {
        ActionStatus.Open => "Open",
        ActionStatus.Overdue => "Te laat",
        ActionStatus.Done => "Klaar",
        _ => throw Unlabelled(value),
    };

    public static string Label(RoadmapStep value) => value switch
    {
        RoadmapStep.Inventarisatie => "Inventarisatie",
        RoadmapStep.Consultatie => "Consultatie",
        RoadmapStep.Definitief => "Definitief woonprofiel",
        _ => throw Unlabelled(value),
    };

    public static string Label(SignalStatus value) => value switch
    {
        SignalStatus.Open => "Open",
        SignalStatus.Escalated => "Doorgezet",
        SignalStatus.Resolved => "Opgelost",
        _ => throw Unlabelled(value),
    };

    /// <summary>A category of personal data as the policy and the processing register name it (privacy/processing-register.md), so a notice and the gate's reason use the same word.</summary>
    public static string Label(DataCategory value) => value switch
    {
        DataCategory.Identificatie => "Identificatie",
        DataCategory.Wonen => "Wonen",
        DataCategory.Financien => "Financiën",
        DataCategory.Daginvulling => "Daginvulling",
        DataCategory.Ondersteuning => "Ondersteuning",
        DataCategory.Leefomgeving => "Leefomgeving",
        DataCategory.Netwerk => "Netwerk",
        DataCategory.Gezondheid => "Gezondheid",
        DataCategory.Justitie => "Justitie",
        _ => throw Unlabelled(value),
    };

    /// <summary>
    /// A category as a form offers it to the person who files a text: the special categories of
    /// personal data (AVG art. 9 and 10, privacy/processing-register.md) say so, since the gate shares them far less.
    /// </summary>
    public static string Choice(DataCategory value) => value switch
    {
        DataCategory.Gezondheid => $"{Label(value)} (bijzonder persoonsgegeven)",
        DataCategory.Justitie => $"{Label(value)} (strafrechtelijk gegeven)",
        _ => Label(value),
    };

    public static string Label(ConsentKind value) => value switch
    {
        ConsentKind.AvgConsent => "Toestemming als grondslag (AVG)",
        ConsentKind.SecrecyLift => "Doorbreking van het beroepsgeheim",
        ConsentKind.HelpAgreement => "Instemming met hulp (geen grondslag)",
        _ => throw Unlabelled(value),
    };

    public static string Label(EvidenceKind value) => value switch
    {
        EvidenceKind.Mondeling => "Mondeling",
        EvidenceKind.Schriftelijk => "Schriftelijk",
        EvidenceKind.Digitaal => "Digitaal",
        _ => throw Unlabelled(value),
    };

    /// <summary>A label inside a sentence: its first letter in lower case ("Te laat" is "te laat"), the rest as written, so "AVG" stays.</summary>
    public static string InSentence(string label) => char.ToLower(label[0], Culture) + label[1..];

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Culture);

    public static string Date(DateTimeOffset moment) => Local(moment).ToString("d MMMM yyyy", Culture);

    /// <summary>A moment as it reads in a sentence and in a cell alike: "3 mei 2026 om 14:05".</summary>
    public static string DateAndTime(DateTimeOffset moment) => Local(moment).ToString("d MMMM yyyy 'om' HH:mm", Culture);

    /// <summary>An amount in cents as every page and export writes it (<see cref="Cases.Deciding.Amounts.Euro"/>): "€ 50.000", "€ 4.800,50", with a plain space so text search finds it.</summary>
    public static string Euro(long cents) => Cases.Deciding.Amounts.Euro(cents);

    /// <summary>What a disclosure showed, as the log and the access report say it.</summary>
    public static string Shown(DisclosureRecord record) =>
        record.ObjectType == PrivacyGate.TitleObjectType ? "alleen de titel van de casus"
        : record.ObjectType == PrivacyGate.ConsentsObjectType ? (record.CategoriesShown.Length == 0 ? "de toestemmingen van de inwoner" : "de toestemmingen en de naam van de inwoner")
        : record.CategoriesShown.Length == 0 ? "niets"
        : Categories(record.CategoriesShown);

    /// <summary>
    /// Categories as the disclosure log keeps them, by code name ("Identificatie,Financien"), in
    /// Dutch ("Identificatie, Financiën"). A name the code no longer knows is shown as it was logged.
    /// </summary>
    public static string Categories(string logged) => string.Join(", ", logged.Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(name => Enum.TryParse<DataCategory>(name, out var category) ? Label(category) : name));

    public static string Role(string role) => role switch
    {
        Roles.Professional => "deelnemer",
        Roles.Chair => "voorzitter",
        Roles.TeamLead => "teamleider",
        Roles.PrivacyOfficer => "privacy officer",
        Roles.ExpertByExperience => "ervaringsdeskundige",
        Roles.Admin => "beheerder",
        _ => role,
    };

    /// <summary>
    /// What a refusal of the domain means for the person at the form, in plain Dutch: the sentence
    /// the refusal carries, else one per form field. The rules themselves stay in the slices' decide
    /// functions; this only says them again in Dutch.
    /// </summary>
    public static string Explain(Rejected rejected) => rejected.Dutch ?? rejected.Field switch
    {
        "due" => "Deze datum is al voorbij. Kies vandaag of een latere datum.",
        "date" => "Deze datum is al voorbij. Plan de bijeenkomst op vandaag of later.",
        "followUpOn" => "De datum voor de nazorg is al voorbij. Kies vandaag of later.",
        "reason" => "Geef bij bezwaar een reden, zodat de tafel die kan wegen.",
        "residentNotInformedReason" => "Schrijf op waarom de inwoner niet is geïnformeerd.",
        "wishes" => "Vul minstens één onderdeel van het woonprofiel in.",
        "outcomes" => "Geef voor alle vijf vuistregels aan hoe het ervoor staat.",
        "ruleDeviation.rule" => "Schrijf op welke regel opzij wordt gezet.",
        "ruleDeviation.reason" => "Leg uit waarom de regel opzij wordt gezet.",
        "ruleDeviation.mandate" or "ruleDeviation.mandate.person" => "Schrijf op wie het mandaat gaf.",
        "ruleDeviation.mandate.role" => "Schrijf op welke functie die persoon heeft.",
        "ruleDeviation.mandate.organisation" => "Schrijf op bij welke organisatie die persoon werkt.",
        "ruleDeviation.mandate.reference" => "Geef een kenmerk van het mandaat, zoals een besluitnummer of een mail.",
        "proposalId" => "Dit voorstel hoort niet bij deze casus.",
        "meetingId" => "Deze casus staat niet op de agenda van deze bijeenkomst.",
        "caseId" => "Deze casus staat niet op de agenda van deze bijeenkomst.",
        "caseIds" => "Zet elke casus van de agenda precies één keer in de nieuwe volgorde.",
        "tableId" => "Deze casus is nog niet aan een tafel besproken.",
        { } field when field.StartsWith("costComparison", StringComparison.Ordinal) =>
            "Vul aan beide kanten minstens één kostenpost in, met een omschrijving, een bedrag van 0 euro of meer en een periode.",
        _ when rejected.Status == StatusCodes.Status404NotFound => "Dit bestaat niet (meer).",
        _ => "Dit kan nu niet. Laad de pagina opnieuw en probeer het nog eens.",
    };

    private static DateTimeOffset Local(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Clock.Netherlands);

    private static ArgumentOutOfRangeException Unlabelled<T>(T value)
        where T : struct, Enum => new(nameof(value), value, $"No Dutch label for {typeof(T).Name}.{value}.");
}
