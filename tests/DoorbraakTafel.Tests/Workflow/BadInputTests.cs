using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DoorbraakTafel.Tests.Infrastructure;

namespace DoorbraakTafel.Tests.Workflow;

/// <summary>Every command refuses bad input with a problem answer and appends nothing.</summary>
public sealed class BadInputTests : AppTest
{
    private static readonly object Mandate = new { person = "M. de Boer", role = "Wethouder", organisation = "Gemeente", reference = "B&W 1" };

    private static IEnumerable<TestCaseData> CaseCommands()
    {
        yield return Case("contributions", new { category = "Wonen" }, 400, "a contribution without text");
        yield return Case("contributions", new { text = "x" }, 400, "a contribution without category");
        yield return Case("contributions", new { text = "Heeft schulden bij de woningcorporatie", category = "Financien" }, 400, "a contribution without the sharing weighing");
        yield return Case("assessments", new { vuistregel = "Wonen" }, 400, "an assessment without status");
        yield return Case("proposals", new { text = "", category = "Wonen" }, 400, "an empty proposal");
        yield return Case("actions", new { description = "d", due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2), vuistregel = "Wonen" }, 422, "an action due in the past");
        yield return Case("actions", new { description = "d", vuistregel = "Wonen" }, 400, "an action without due date");
        yield return Case("signals", new { flaw = "f", ruleOrPolicy = "r", escalatedTo = "e" }, 422, "a signal of a case that was never at a table");
        yield return Case("close", new { summary = "s", outcomes = new[] { new { vuistregel = "Wonen", status = "OpOrde" } } }, 422, "closing with one of five outcomes");
        yield return Case("housing-profile", new { }, 422, "an empty housing profile");
        yield return Case($"proposals/{Guid.NewGuid()}/positions", new { position = "Agree" }, 404, "a position on an unknown proposal");

        static TestCaseData Case(string path, object body, int status, string name) => new TestCaseData(path, body, status).SetName($"Refused: {name}");
    }

    [TestCaseSource(nameof(CaseCommands))]
    public async Task A_bad_case_command_gets_a_problem_and_appends_nothing(string path, object body, int status)
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");

        var response = await chair.PostAsJsonAsync($"/api/cases/{caseId}/{path}", body);

        await AssertRefused(response, status);
        Assert.That(await EventCount(), Is.EqualTo(1));
    }

    /// <summary>Bad decisions by the chair of the table whose meeting has the case on its agenda: the role passes, the content is refused.</summary>
    private static IEnumerable<TestCaseData> DecisionCommands()
    {
        yield return Decision(new { why = "w", category = "Wonen" }, 400, "a decision without what");
        yield return Decision(new { what = "w", why = "w", category = "Wonen", ruleDeviation = new { rule = "Regel", reason = "Reden" } }, 422, "a rule deviation without mandate");
        yield return Decision(new { what = "w", why = "w", category = "Wonen", ruleDeviation = new { reason = "Reden", mandate = Mandate } }, 422, "a rule deviation without the rule");
        yield return Decision(new { what = "w", why = "w", category = "Wonen", costComparison = new { current = Array.Empty<object>(), proposed = new[] { new { label = "a", amount = 1m, period = "Once" } } } }, 422, "a cost comparison with an empty side");
        yield return Decision(new { what = "w", why = "w", category = "Wonen", costComparison = new { current = new[] { new { label = "a", amount = -1m, period = "Once" } }, proposed = new[] { new { label = "a", amount = 1m, period = "Once" } } } }, 422, "a negative cost");
        yield return Decision(new { what = "w", why = "w", category = "Wonen", proposalId = Guid.NewGuid() }, 422, "a decision on an unknown proposal");
        yield return Decision(new { what = "w", why = "w", category = "Wonen", meetingId = Guid.NewGuid() }, 422, "a decision in a meeting the case is not in");

        static TestCaseData Decision(object body, int status, string name) => new TestCaseData(body, status).SetName($"Refused: {name}");
    }

    [TestCaseSource(nameof(DecisionCommands))]
    public async Task A_bad_decision_by_the_chair_gets_a_problem_and_appends_nothing(object body, int status)
    {
        var (_, _, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await App.SignedInAs("sanne");
        var before = await EventCount();

        var response = await chair.PostAsJsonAsync($"/api/cases/{caseId}/decisions", body);

        await AssertRefused(response, status);
        Assert.That(await EventCount(), Is.EqualTo(before));
    }

    private static IEnumerable<TestCaseData> StrictInputs()
    {
        var weighing = """{"purpose": "p", "basis": "b", "necessity": "n", "proportionality": "p", "subsidiarity": "s", "residentInformed": true}""";
        var cost = """{"label": "Treinkaart", "amount": 1, "period": "Once"}""";
        var mandate = """{"person": "M. de Boer", "role": "Wethouder", "organisation": "Gemeente", "reference": "B&W 1"}""";
        yield return Strict("contributions", $$$"""{"text": "x", "category": 99, "weighing": {{{weighing}}}}""", "category", "an enum given as a number");
        yield return Strict("contributions", $$$"""{"text": "x", "category": "99", "weighing": {{{weighing}}}}""", "category", "an enum given as a numeric string");
        yield return Strict("contributions", $$$"""{"text": "x", "category": "Wonen, Financien", "weighing": {{{weighing}}}}""", "category", "two enum members in one");
        yield return Strict("contributions", $$$"""{"text": "a\u0000b", "category": "Wonen", "weighing": {{{weighing}}}}""", "text", "a NUL in a text");
        yield return Strict("contributions", $$$"""{"text": "a\u001bb", "category": "Wonen", "weighing": {{{weighing}}}}""", "text", "an escape character in a text");
        yield return Strict("contributions", $$$"""{"text": "a\ud800b", "category": "Wonen", "weighing": {{{weighing}}}}""", "text", "a lone surrogate in a text");
        yield return Strict("contributions", $$$"""{"text": "x", "category": "Wonen", "weighing": {"purpose": "one\nline", "basis": "b", "necessity": "n", "proportionality": "p", "subsidiarity": "s", "residentInformed": true}}""", "weighing.purpose", "a line break in a one-line text");
        yield return Strict("close", """{"summary": "s", "outcomes": [null]}""", "outcomes[0]", "a null list element");
        yield return Strict("close", """{"summary": "s", "outcomes": [{"vuistregel": "Wonen", "status": 12}]}""", "outcomes[0].status", "a number for an enum in a list");
        yield return Strict("decisions", $$$"""{"what": "w", "why": "w", "category": "Wonen", "ruleDeviation": {"rule": "{{{new string('r', 501)}}}", "reason": "r", "mandate": {{{mandate}}}}}""", "ruleDeviation.rule", "an oversize rule deviation");
        yield return Strict("decisions", $$$$"""{"what": "w", "why": "w", "category": "Wonen", "ruleDeviation": {"rule": "r", "reason": "r", "mandate": {"person": "{{{{new string('p', 201)}}}}", "role": "r", "organisation": "o", "reference": "x"}}}""", "ruleDeviation.mandate.person", "an oversize mandate");
        yield return Strict("decisions", $$$"""{"what": "w", "why": "w", "category": "Wonen", "costComparison": {"current": [{"label": "{{{new string('l', 201)}}}", "amount": 1, "period": "Once"}], "proposed": [{{{cost}}}]}}""", "costComparison.current[0].label", "an oversize cost label");
        yield return Strict("decisions", $$$"""{"what": "w", "why": "w", "category": "Wonen", "costComparison": {"current": [{{{cost}}}], "proposed": [{"label": "l", "amount": 1, "period": 7}]}}""", "costComparison.proposed[0].period", "a cost period out of range");
        yield return Strict("decisions", $$$"""{"what": "w", "why": "w", "category": "Wonen", "costComparison": {"current": [null], "proposed": [{{{cost}}}]}}""", "costComparison.current[0]", "a null cost item");
        yield return Strict("close", $$$"""{"summary": "{{{new string('s', 4001)}}}", "outcomes": []}""", "summary", "an oversize closure summary");

        static TestCaseData Strict(string path, string json, string field, string name) => new TestCaseData(path, json, field).SetName($"Strict input: {name}");
    }

    [TestCaseSource(nameof(StrictInputs))]
    public async Task A_value_outside_its_type_gets_a_400_naming_the_field_and_the_case_stays_readable(string path, string json, string field)
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");

        var response = await chair.PostAsync($"/api/cases/{caseId}/{path}", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertRefused(response, 400, field);
        Assert.That(await EventCount(), Is.EqualTo(1));
        await chair.Get($"/api/cases/{caseId}");
    }

    [Test]
    public async Task A_contribution_in_a_meeting_the_case_is_not_in_is_refused()
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");

        var response = await chair.PostAsJsonAsync($"/api/cases/{caseId}/contributions", new { text = "x", category = "Wonen", meetingId = Guid.NewGuid(), weighing = Scenario.Weighing });

        await AssertRefused(response, 422, "meetingId");
        Assert.That(await EventCount(), Is.EqualTo(1));
    }

    [Test]
    public async Task An_objection_without_reason_is_refused()
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");
        var proposal = await chair.CreatedId($"/api/cases/{caseId}/proposals", new { text = "Voorstel", category = "Wonen" });

        var response = await chair.PostAsJsonAsync($"/api/cases/{caseId}/proposals/{proposal}/positions", new { position = "Object" });

        await AssertRefused(response, 422, "reason");
        Assert.That(await EventCount(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_wrongly_typed_body_is_refused()
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");

        var response = await chair.PostAsync($"/api/cases/{caseId}/actions",
            new StringContent("""{"description": "d", "due": "morgen", "vuistregel": "Wonen"}""", Encoding.UTF8, "application/json"));

        await AssertRefused(response, 400);
        Assert.That(await EventCount(), Is.EqualTo(1));
    }

    [Test]
    public async Task Unknown_ids_get_404()
    {
        var chair = await App.SignedInAs("sanne");
        var unknown = Guid.NewGuid();

        await AssertRefused(await chair.PostAsJsonAsync($"/api/cases/{unknown}/contributions", new { text = "x", category = "Wonen", weighing = Scenario.Weighing }), 404);
        await AssertRefused(await chair.PostAsJsonAsync($"/api/actions/{unknown}/complete", new { }), 404);
        await AssertRefused(await chair.PostAsJsonAsync($"/api/meetings/{unknown}/open", new { }), 404);
        await AssertRefused(await chair.PostAsJsonAsync($"/api/tables/{unknown}/meetings", new { date = Scenario.Today }), 404);
        Assert.That(await EventCount(), Is.Zero);
    }

    [Test]
    public async Task A_closed_case_takes_no_further_changes()
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");
        await chair.PostOk($"/api/cases/{caseId}/close", new
        {
            outcomes = new[] { "Wonen", "Financien", "Daginvulling", "Ondersteuning", "Leefomgeving" }.Select(v => new { vuistregel = v, status = "Wankel" }),
            summary = "Afgerond",
        });

        var response = await chair.PostAsJsonAsync($"/api/cases/{caseId}/contributions", new { text = "Nog iets", category = "Wonen", weighing = Scenario.Weighing });

        await AssertRefused(response, 409);
        Assert.That(await EventCount(), Is.EqualTo(2));
    }

    [Test]
    public async Task Only_a_chair_of_the_table_opens_moves_and_closes_its_meeting()
    {
        var table = await Scenario.TableAsync(App);
        var chair = await App.SignedInAs("sanne");
        var meeting = await chair.CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today });
        var caseId = await Scenario.CaseAsync(App, table: table);
        await chair.PostOk($"/api/meetings/{meeting}/agenda", new { caseId });
        var before = await EventCount();
        var otherChair = await App.SignedInAs("joost");
        var professional = await App.SignedInAs("bram");

        await AssertRefused(await otherChair.PostAsJsonAsync($"/api/meetings/{meeting}/open", new { }), 403);
        await AssertRefused(await professional.PostAsJsonAsync($"/api/meetings/{meeting}/open", new { }), 403);
        await chair.PostOk($"/api/meetings/{meeting}/open", new { });
        await AssertRefused(await professional.PostAsJsonAsync($"/api/meetings/{meeting}/current-item", new { caseId }), 403);
        await AssertRefused(await professional.PostAsJsonAsync($"/api/meetings/{meeting}/close", new { }), 403);

        Assert.That(await EventCount(), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Meeting_commands_check_their_input()
    {
        var table = await Scenario.TableAsync(App);
        var chair = await App.SignedInAs("sanne");
        var meeting = await chair.CreatedId($"/api/tables/{table}/meetings", new { date = Scenario.Today });
        var before = await EventCount();

        await AssertRefused(await chair.PostAsJsonAsync($"/api/tables/{table}/meetings", new { date = Scenario.Today.AddDays(-1) }), 422, "date");
        await AssertRefused(await chair.PostAsJsonAsync($"/api/meetings/{meeting}/agenda", new { }), 400, "caseId");
        await AssertRefused(await chair.PostAsJsonAsync($"/api/meetings/{meeting}/agenda", new { caseId = Guid.NewGuid() }), 404);
        await AssertRefused(await chair.PostAsJsonAsync($"/api/meetings/{meeting}/current-item", new { caseId = Guid.NewGuid() }), 409);
        await AssertRefused(await chair.PostAsJsonAsync($"/api/meetings/{meeting}/close", new { }), 409);

        Assert.That(await EventCount(), Is.EqualTo(before));
    }

    [Test]
    public async Task Only_admins_manage_tables()
    {
        var chair = await App.SignedInAs("sanne");

        var response = await chair.PostAsJsonAsync("/api/tables", new { name = "x", wijk = "y", municipality = "z", chairs = new[] { "demo-sanne" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await EventCount(), Is.Zero);
    }

    private static Task<long> EventCount() => ScalarAsync<long>("select count(*) from doorbraak.mt_events");

    private static async Task AssertRefused(HttpResponseMessage response, int status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        if (status == 403 && text.Length == 0)
        {
            return;
        }

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(status));
        if (field is not null)
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), text);
        }
    }
}
