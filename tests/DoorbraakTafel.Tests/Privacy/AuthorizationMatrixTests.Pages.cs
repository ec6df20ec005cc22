using System.Net;
using System.Text.RegularExpressions;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;

namespace DoorbraakTafel.Tests.Privacy;

/// <summary>
/// The page half of the write matrix: every page form that changes a case, a meeting, a table or a
/// resident's consents, posted as a browser posts it (cookie sign-in, a valid antiforgery token)
/// by every user without need to know, and by one who may make the change, so a refusal is about
/// who posts and not about the form.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    /// <param name="Path">The page with the scenario's ids as placeholders, handler included.</param>
    /// <param name="Fields">The form's fields for the world.</param>
    /// <param name="Allowed">One user whose post of the same form changes the record.</param>
    /// <param name="Open">Whether the chair opens the meeting first.</param>
    public sealed record PageForm(string Path, Func<object, IReadOnlyDictionary<string, string>> Fields, string Allowed, bool Open = false)
    {
        public override string ToString() => Path;
    }

    private static IReadOnlyDictionary<string, string> Form(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    private static string CaseOf(object world) => ((World)world).Case.ToString();

    private static IEnumerable<TestCaseData> PageForms()
    {
        var due = Scenario.Today.AddDays(7).ToString("yyyy-MM-dd");
        PageForm[] forms =
        [
            new("/bijeenkomsten/{meeting}?handler=Assess",
                w => Form(("caseId", CaseOf(w)), ("Assessment.Vuistregel", "Wonen"), ("Assessment.Status", "Zorgelijk"), ("Assessment.Note", "Geen woning in zicht")), "bram"),
            new("/bijeenkomsten/{meeting}?handler=Contribute",
                w => Form(("caseId", CaseOf(w)), ("Contribution.Text", "Huurachterstand opgelost"), ("Contribution.Category", "Wonen"), ("Contribution.Basis", "Wettelijke taak"),
                    ("Contribution.Necessity", "Nodig voor de woning"), ("Contribution.Proportionality", "Alleen de stand"), ("Contribution.Subsidiarity", "Geen andere weg"),
                    ("Contribution.ResidentInformed", "true")), "bram"),
            new("/bijeenkomsten/{meeting}?handler=Propose", w => Form(("caseId", CaseOf(w)), ("Proposal.Text", "Begeleid wonen"), ("Proposal.Category", "Wonen")), "bram"),
            new("/bijeenkomsten/{meeting}?handler=Position",
                w => Form(("caseId", CaseOf(w)), ("proposalId", ((World)w).Proposal.ToString()), ("position", "Agree")), "bram"),
            new("/bijeenkomsten/{meeting}?handler=Decide",
                w => Form(("caseId", CaseOf(w)), ("Decision.What", "Budgetbeheer starten"), ("Decision.Why", "Schulden lopen op"), ("Decision.Category", "Financien")), "sanne", Open: true),
            new("/bijeenkomsten/{meeting}?handler=Correct",
                w => Form(("caseId", CaseOf(w)), ("Correction.DecisionId", ((World)w).Decision.ToString()), ("Correction.What", "Budgetbeheer starten met een budgetcoach"),
                    ("Correction.Reason", "De coach ontbrak in het besluit")), "sanne"),
            new("/bijeenkomsten/{meeting}?handler=Act",
                w => Form(("caseId", CaseOf(w)), ("Action.Description", "Begeleiding regelen"), ("Action.Due", due), ("Action.Vuistregel", "Ondersteuning")), "bram"),
            new("/bijeenkomsten/{meeting}?handler=Attend", _ => Form(), "bram", Open: true),
            new("/bijeenkomsten/{meeting}?handler=Open", _ => Form(), "sanne"),
            new("/bijeenkomsten/{meeting}?handler=Close", _ => Form(), "sanne", Open: true),
            new("/bijeenkomsten/{meeting}?handler=Move", w => Form(("caseId", CaseOf(w))), "sanne", Open: true),
            new("/bijeenkomsten/{meeting}?handler=Next", _ => Form(), "sanne", Open: true),
            new("/bijeenkomsten/{meeting}/voorbereiden?handler=Add", w => Form(("caseId", ((World)w).Waiting.ToString())), "sanne"),
            new("/casussen/{case}?handler=Housing",
                _ => Form(("Housing.Wishes", "Begane grond"), ("Housing.SupportConditions", "Ambulante begeleiding"), ("Housing.Income", "Wajong"), ("Housing.Risks", "Terugval")), "bram"),
            new("/casussen/{case}?handler=Roadmap", _ => Form(("Roadmap.Step", "Consultatie"), ("Roadmap.Note", "Bezichtiging")), "bram"),
            new("/casussen/{case}?handler=Signal",
                _ => Form(("Signal.Flaw", "Boetes stapelen"), ("Signal.RuleOrPolicy", "Wet Mulder"), ("Signal.EscalatedTo", "Beleidsregisseur")), "bram"),
            new("/tafels/{table}?handler=Plan", _ => Form(("Date", Scenario.Today.AddDays(14).ToString("yyyy-MM-dd"))), "sanne"),
            new("/inwoners/{resident}?handler=Consent",
                _ => Form(("Consent.Categories", "Financien"), ("Consent.RecipientTypes", "Schuldhulpverlening"), ("Consent.Kind", "AvgConsent"),
                    ("Consent.EvidenceHow", "Schriftelijk"), ("Consent.DocumentReference", "Toestemmingsformulier 2026-78")), "bram"),
            new("/inwoners/{resident}?handler=Withdraw", w => Form(("consentId", ((World)w).Consent.ToString()), ("reason", "Inwoner trekt in")), "bram"),
            new("/acties?handler=Complete", w => Form(("actionId", ((World)w).Action.ToString()), ("note", "Gedaan")), "fatima"),
        ];
        return forms.Select(f => new TestCaseData(f).SetName($"Page POST {f.Path}: refused without need to know, changed by {f.Allowed}"));
    }

    [TestCaseSource(nameof(PageForms))]
    public async Task A_page_form_changes_the_record_only_for_who_may_make_it(PageForm form)
    {
        var world = await BuildAsync();
        if (form.Open)
        {
            await (await App.SignedInAs("sanne")).PostOk($"/api/meetings/{world.Meeting}/open", new { });
        }

        var path = Url(form.Path, world);
        var wrong = new List<string>();
        foreach (var user in WithoutNeedToKnow)
        {
            var browser = await FormBrowser.SignInAsync(App, user);
            // A refused post shows the page again with the reason: it may log what a read of the page logs, no more.
            var loggedByRead = await CountAsync(Logged);
            _ = await browser.GetAsync(path[..path.IndexOf('?', StringComparison.Ordinal)]);
            loggedByRead = await CountAsync(Logged) - loggedByRead;

            var (storedBefore, loggedBefore) = (await CountAsync(Stored), await CountAsync(Logged));
            var response = await browser.PostFormAsync(path, form.Fields(world));
            var (stored, logged) = (await CountAsync(Stored) - storedBefore, await CountAsync(Logged) - loggedBefore);
            // Refused: the page with the Dutch reason, or the sign-in's "no access" page for a role the page does not admit.
            var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/geen-toegang", StringComparison.Ordinal) == true);
            if (!refused || stored != 0 || logged != loggedByRead)
            {
                wrong.Add($"{user}: {(int)response.StatusCode} {response.Headers.Location}, {stored} stored, {logged} logged (a read logs {loggedByRead}); expected a refusal, nothing stored");
            }
        }

        var before = await CountAsync(Stored);
        var allowed = await (await FormBrowser.SignInAsync(App, form.Allowed)).PostFormAsync(path, form.Fields(world));
        if (allowed.StatusCode != HttpStatusCode.Redirect || await CountAsync(Stored) == before)
        {
            var errors = ErrorMessage().Matches(await allowed.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value.Trim());
            wrong.Add($"{form.Allowed}: {(int)allowed.StatusCode}, nothing stored; expected the change and a redirect: {string.Join(" | ", errors)}");
        }

        Assert.That(wrong, Is.Empty);
    }

    [GeneratedRegex("(?:error-message[^\"]*\"|role=\"alert\")[^>]*>\\s*(?:<[^>]+>\\s*)*([^<]+)<")]
    private static partial Regex ErrorMessage();
}
