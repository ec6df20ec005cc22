using System.Globalization;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Export;

/// <summary>How the exports write dates, money and the domain's names for Dutch readers.</summary>
internal static class Dutch
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("nl-NL");

    public static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Clock.Netherlands);

    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(Local(at).DateTime);

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Culture);

    public static string Date(DateTimeOffset at) => Local(at).ToString("d MMMM yyyy", Culture);

    public static string DateAndTime(DateTimeOffset at) => Local(at).ToString("d MMMM yyyy 'om' HH:mm", Culture);

    /// <summary>An amount in cents as the pages write it too (<see cref="Cases.Deciding.Amounts.Euro"/>): "€ 47.000", "€ 4.800,50", with a plain space so text search finds it.</summary>
    public static string Euro(long cents) => Cases.Deciding.Amounts.Euro(cents);

    public static string Category(DataCategory category) => category switch
    {
        DataCategory.Financien => "Financiën",
        _ => category.ToString(),
    };

    public static string Name(Vuistregel vuistregel) => vuistregel switch
    {
        Vuistregel.Financien => "Financiën",
        _ => vuistregel.ToString(),
    };

    public static string Name(VuistregelStatus status) => status switch
    {
        VuistregelStatus.Zorgelijk => "zorgelijk",
        VuistregelStatus.Wankel => "wankel",
        VuistregelStatus.OpOrde => "op orde",
        _ => "onbekend",
    };

    public static string Name(CaseStatus status) => status switch
    {
        CaseStatus.Aangemeld => "aangemeld",
        CaseStatus.Geagendeerd => "geagendeerd",
        CaseStatus.InBehandeling => "in behandeling",
        CaseStatus.Doorbraak => "doorbraak bereikt",
        _ => "afgesloten",
    };

    public static string Name(CostPeriod period) => period switch
    {
        CostPeriod.PerYear => "per jaar",
        CostPeriod.PerMonth => "per maand",
        CostPeriod.PerWeek => "per week",
        _ => "eenmalig",
    };

    public static string Name(RoadmapStep step) => step.ToString();

    public static string Name(SignalStatus status) => status switch
    {
        SignalStatus.Open => "open",
        SignalStatus.Escalated => "doorgezet",
        _ => "opgelost",
    };
}
