using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;

namespace DoorbraakTafel.Pages;

/// <summary>The words the pages show for the domain's code names, in plain Dutch (B1).</summary>
public static class Dutch
{
    public static string Label(Vuistregel value) => value switch
    {
        Vuistregel.Wonen => "Wonen",
        Vuistregel.Financien => "Financiën",
        Vuistregel.Daginvulling => "Daginvulling",
        Vuistregel.Ondersteuning => "Ondersteuning",
        _ => "Leefomgeving",
    };

    /// <summary>The rule of thumb as the table says it.</summary>
    public static string Meaning(Vuistregel value) => value switch
    {
        Vuistregel.Wonen => "Goed wonen en een veilig thuis",
        Vuistregel.Financien => "Gezonde financiën, geen onnodig financieel gedoe",
        Vuistregel.Daginvulling => "Een waardevolle daginvulling",
        Vuistregel.Ondersteuning => "Goede ondersteuning die echt past",
        _ => "Een fijne leefomgeving voor en met iedereen",
    };

    public static string Label(VuistregelStatus value) => value switch
    {
        VuistregelStatus.Zorgelijk => "Zorgelijk",
        VuistregelStatus.Wankel => "Wankel",
        VuistregelStatus.OpOrde => "Op orde",
        _ => "Nog onbekend",
    };

    public static string Label(CaseStatus value) => value switch
    {
        CaseStatus.Aangemeld => "Aangemeld",
        CaseStatus.Geagendeerd => "Op de agenda",
        CaseStatus.InBehandeling => "In behandeling",
        CaseStatus.Doorbraak => "Doorbraak",
        _ => "Afgesloten",
    };

    public static string Label(MeetingStatus value) => value switch
    {
        MeetingStatus.Planned => "Gepland",
        MeetingStatus.Open => "Bezig",
        _ => "Afgelopen",
    };

    public static string Label(Position value) => value switch
    {
        Position.Agree => "Eens",
        Position.Abstain => "Geen mening",
        _ => "Bezwaar",
    };

    public static string Label(CostPeriod value) => value switch
    {
        CostPeriod.PerYear => "per jaar",
        CostPeriod.PerMonth => "per maand",
        CostPeriod.PerWeek => "per week",
        _ => "eenmalig",
    };

    public static string Label(ActionStatus value) => value switch
    {
        ActionStatus.Open => "Open",
        ActionStatus.Overdue => "Te laat",
        _ => "Klaar",
    };

    public static string Label(RoadmapStep value) => value switch
    {
        RoadmapStep.Inventarisatie => "Inventarisatie",
        RoadmapStep.Consultatie => "Consultatie",
        _ => "Definitief woonprofiel",
    };

    public static string Label(SignalStatus value) => value switch
    {
        SignalStatus.Open => "Open",
        SignalStatus.Escalated => "Doorgezet",
        _ => "Opgelost",
    };

    public static string Label(DataCategory value) => value switch
    {
        DataCategory.Identificatie => "Identiteit",
        DataCategory.Financien => "Financiën",
        DataCategory.Gezondheid => "Gezondheid (bijzonder persoonsgegeven)",
        DataCategory.Justitie => "Justitie (strafrechtelijk gegeven)",
        _ => value.ToString(),
    };

    public static string Label(ConsentKind value) => value switch
    {
        ConsentKind.AvgConsent => "Toestemming als grondslag (AVG)",
        ConsentKind.SecrecyLift => "Doorbreking van het beroepsgeheim",
        _ => "Instemming met hulp (geen grondslag)",
    };

    public static string Label(EvidenceKind value) => value switch
    {
        EvidenceKind.Mondeling => "Mondeling",
        EvidenceKind.Schriftelijk => "Schriftelijk",
        _ => "Digitaal",
    };

    /// <summary>What a disclosure showed, as the log and the access report say it.</summary>
    public static string Shown(DisclosureRecord record) =>
        record.ObjectType == PrivacyGate.TitleObjectType ? "alleen de titel van de casus"
        : record.ObjectType == PrivacyGate.ConsentsObjectType ? (record.CategoriesShown.Length == 0 ? "de toestemmingen van de inwoner" : "de toestemmingen en de naam van de inwoner")
        : record.CategoriesShown.Length == 0 ? "niets"
        : record.CategoriesShown.Replace(",", ", ", StringComparison.Ordinal);

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

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Culture);

    public static string Date(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Clock.Netherlands).ToString("d MMMM yyyy", Culture);

    public static string DateTime(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Clock.Netherlands).ToString("d MMMM yyyy, HH:mm", Culture);

    /// <summary>An amount in cents as every page and export writes it (<see cref="DoorbraakTafel.Cases.Deciding.Amounts.Euro"/>): "€ 50.000", "€ 4.800,50".</summary>
    public static string Euro(long cents) => DoorbraakTafel.Cases.Deciding.Amounts.Euro(cents);

    public static readonly System.Globalization.CultureInfo Culture = System.Globalization.CultureInfo.GetCultureInfo("nl-NL");

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
}
