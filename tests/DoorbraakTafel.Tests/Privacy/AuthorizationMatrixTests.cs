using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Privacy;

/// <summary>
/// The authorization matrix, generated from the app's own endpoint table: every API route and every
/// page, each tried with the ids of one scenario by every demo user in each relation to its case
/// (referrer, member of the table, chair, involved by the chair, team, none, expert without a
/// statement, privacy officer, closed case). A route that appears without a place in this matrix
/// fails the run, so no endpoint ships unclassified.
/// </summary>
public sealed partial class AuthorizationMatrixTests : AppTest
{
    /// <summary>Routes any signed-in user may call whatever their relation to the scenario: they name nothing of it, or answer only what is the caller's own.</summary>
    private static readonly HashSet<string> OwnOrPublic =
    [
        "GET /api/tables/", "GET /api/tables/{id:guid}", "GET /api/actions/mine", "POST /api/cases/", "POST /api/residents",
        "POST /api/privacy/confidentiality-statements", "GET /dev/users", "POST /dev/token", "GET /health", "GET /openapi/{documentName}.json",
        "GET /", "GET /acties", "GET /casussen/nieuw", "GET /inwoners", "GET /tafels/{id:guid}", "GET /dev/sign-in", "POST /dev/sign-out", "GET /inloggen", "GET /afmelden",
        "GET /geen-toegang",
    ];

    /// <summary>Routes for a role, not for a case: the role decides (403 for anyone else), and the matrix checks the role's answer elsewhere.</summary>
    private static readonly HashSet<string> ByRole =
    [
        "GET /api/privacy/disclosures", "GET /api/privacy/disclosures.csv", "GET /api/privacy/disclosures/verify", "GET /api/privacy/disclosures/checkpoints/latest",
        "GET /api/privacy/disclosures/checkpoints/public-key", "GET /api/privacy/consents/expiring",
        "GET /api/privacy/what-could-see", "GET /api/privacy/open-points", "GET /api/residents/{id:guid}/access-report", "POST /api/residents/{id:guid}/erasure",
        "POST /api/tables/", "POST /api/tables/{id:guid}/members", "POST /api/tables/{id:guid}/members/{organisationId}/leave", "POST /api/tables/{id:guid}/chairs",
        "GET /api/teams/", "POST /api/teams/", "PUT /api/teams/{id:guid}", "GET /privacy", "GET /privacy/inwoner", "GET /privacy/wat-kon-zien", "GET /teamleider",
    ];

    /// <param name="Waiting">A case brought in at the table and not yet on an agenda.</param>
    /// <param name="Decision">A decision the chair recorded on the case.</param>
    private sealed record World(Guid Table, Guid Meeting, Guid Case, Guid ClosedCase, Guid Resident, Guid Action, Guid Proposal, Guid Signal, Guid Consent, Guid Waiting, Guid Decision);

    private static IReadOnlyList<(string Method, string Route)> Routes()
    {
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return [.. endpoints.SelectMany(e =>
        {
            var route = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            var isPage = e.Metadata.GetMetadata<PageRouteMetadata>() is not null;
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? (isPage ? ["GET"] : []);
            return methods.Where(m => m is "GET" or "POST" or "PUT" or "DELETE" or "PATCH").Select(m => (m, route));
        }).Distinct().OrderBy(r => r.route).ThenBy(r => r.m)];
    }

    private static string Fill(string route, World world) => Placeholder().Replace(route, match => match.Groups[1].Value switch
    {
        "id" when route.StartsWith("/api/cases", StringComparison.Ordinal) || route.StartsWith("/casussen", StringComparison.Ordinal) => world.Case.ToString(),
        "id" when route.StartsWith("/api/meetings", StringComparison.Ordinal) || route.StartsWith("/bijeenkomsten", StringComparison.Ordinal) => world.Meeting.ToString(),
        "id" when route.StartsWith("/api/residents", StringComparison.Ordinal) || route.StartsWith("/inwoners", StringComparison.Ordinal) => world.Resident.ToString(),
        "id" when route.StartsWith("/api/consents", StringComparison.Ordinal) => world.Consent.ToString(),
        "id" or "tableId" => world.Table.ToString(),
        "actionId" => world.Action.ToString(),
        "proposalId" => world.Proposal.ToString(),
        "signalId" => world.Signal.ToString(),
        "decisionId" => world.Decision.ToString(),
        "organisationId" => DemoUsers.Corporatie.Id,
        "documentName" => "v1",
        _ => match.Value,
    });

    [GeneratedRegex(@"\{\*?\*?([A-Za-z]+)(:[a-z]+)?\}")]
    private static partial Regex Placeholder();

    private static async Task<World> BuildAsync()
    {
        var (resident, caseId, meeting) = await PrivacyScenario.ResidentCaseOnTableAsync(App);
        var chair = await App.SignedInAs("sanne");
        var referrer = await App.SignedInAs("fatima");
        var table = (await chair.Get($"/api/meetings/{meeting}")).GetProperty("tableId").GetGuid();
        var action = (await referrer.PostCreated($"/api/cases/{caseId}/actions",
            new { description = "Woning zoeken", due = Scenario.Today.AddDays(14), vuistregel = "Wonen", ownerUserId = "demo-fatima", ownerOrganisationId = DemoUsers.Ggz.Id })).GetProperty("id").GetGuid();
        var proposal = (await referrer.PostCreated($"/api/cases/{caseId}/proposals", new { text = "Jaarkaart NS", category = "Financien" })).GetProperty("id").GetGuid();
        var signal = (await referrer.PostCreated($"/api/cases/{caseId}/signals",
            new { flaw = "Boetes stapelen", ruleOrPolicy = "Wet Mulder", escalatedTo = "Beleidsregisseur", tableId = table })).GetProperty("id").GetGuid();
        var consent = await referrer.CreatedId($"/api/residents/{resident}/consents", PrivacyScenario.Consent("Wonen", "Woningcorporatie"));
        await chair.PostCreated($"/api/cases/{caseId}/involvements",
            new { organisationId = DemoUsers.Zorg.Id, organisationName = DemoUsers.Zorg.Name, organisationType = "Zorgaanbieder", reason = "Thuiszorg", reasonCategory = "Ondersteuning" });
        var decision = await chair.CreatedId($"/api/cases/{caseId}/decisions", new { what = "Budgetbeheer starten", why = "Schulden lopen op", category = "Financien" });
        var closed = await Scenario.CaseAsync(App, referrer: "bram", table: table);
        var waiting = await Scenario.CaseAsync(App, referrer: "bram", table: table);
        await App.CatchUpProjectionsAsync();
        return new World(table, meeting, caseId, closed, resident, action, proposal, signal, consent, waiting, decision);
    }

    private static async Task<long> CountAsync(string what) => await ScalarAsync<long>(what);

    private const string Stored = "select (select count(*) from doorbraak.mt_events) + (select count(*) from identity.mt_doc_resident) + (select count(*) from doorbraak.mt_doc_consentrecord)";

    private const string Logged = "select count(*) from privacy.disclosure_log";

    [Test]
    public async Task Every_route_is_classified_and_none_answers_an_organisation_without_need_to_know_with_content_or_a_5xx()
    {
        var world = await BuildAsync();
        var routes = Routes();
        var outsider = await App.SignedInAs("ruud");
        var unclassified = new List<string>();
        var wrong = new List<string>();
        foreach (var (method, route) in routes)
        {
            var key = $"{method} {route}";
            if (route.StartsWith("/_", StringComparison.Ordinal) || route.StartsWith("/hubs/", StringComparison.Ordinal) || route.StartsWith("/lib/", StringComparison.Ordinal))
            {
                continue;
            }

            var scenarioRoute = Placeholder().IsMatch(route) && !OwnOrPublic.Contains(key);
            if (!OwnOrPublic.Contains(key) && !ByRole.Contains(key) && !scenarioRoute)
            {
                unclassified.Add(key);
                continue;
            }

            var (storedBefore, loggedBefore) = (await CountAsync(Stored), await CountAsync(Logged));
            using var request = new HttpRequestMessage(new HttpMethod(method), Fill(route, world));
            if (method != "GET")
            {
                request.Content = System.Net.Http.Json.JsonContent.Create(new { });
            }

            var response = await outsider.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                wrong.Add($"{key}: {status}");
            }

            if (OwnOrPublic.Contains(key))
            {
                continue;
            }

            if (status is >= 200 and < 300 || (await CountAsync(Stored)) != storedBefore || (await CountAsync(Logged)) != loggedBefore)
            {
                wrong.Add($"{key}: {status}, the store or the log changed for an outsider");
            }
        }

        Assert.That(unclassified, Is.Empty, "every route has a place in the matrix");
        Assert.That(wrong, Is.Empty);
    }

    private static IEnumerable<TestCaseData> ReadCells()
    {
        // (user, relation, expected status, logged records, what the answer must hold, what it must not hold)
        string[] reads = ["/api/cases/{case}", "/api/cases/{case}/timeline", "/casussen/{case}"];
        foreach (var read in reads)
        {
            // The timeline holds the steps and the weighings, not the texts themselves.
            var health = read.EndsWith("/timeline", StringComparison.Ordinal) ? Weighing : Diagnosis;
            yield return Cell(read, "fatima", "referrer", HttpStatusCode.OK, 1, health, null);
            yield return Cell(read, "bram", "member of the table", HttpStatusCode.OK, 1, null, health);
            yield return Cell(read, "sanne", "chair", HttpStatusCode.OK, 1, null, health);
            yield return Cell(read, "mirjam", "involved by the chair", HttpStatusCode.OK, 1, null, health);
            yield return Cell(read, "lotte", "team leader whose organisation sits at the table", HttpStatusCode.OK, 1, null, health);
            yield return Cell(read, "ruud", "none", HttpStatusCode.Forbidden, 0, null, health);
            yield return Cell(read, "kees", "none (action could not be given)", HttpStatusCode.Forbidden, 0, null, "Uitstroom");
            yield return Cell(read, "noor", "expert without a statement", HttpStatusCode.Forbidden, 0, null, health);
        }

        yield return Cell("/api/cases/{case}", "pieter", "privacy officer", HttpStatusCode.OK, 1, null, Diagnosis);
        yield return Cell("/api/cases/{closed}", "sanne", "chair, case closed past follow-up", HttpStatusCode.Forbidden, 0, null, null);
        yield return Cell("/api/cases/{closed}", "bram", "referrer, case closed past follow-up", HttpStatusCode.OK, 1, null, null);
        yield return Cell("/api/meetings/{meeting}", "ruud", "none", HttpStatusCode.Forbidden, 0, null, null);
        yield return Cell("/api/meetings/{meeting}", "bram", "member of the table", HttpStatusCode.OK, 0, null, null);
        yield return Cell("/api/tables/{table}/signals", "mirjam", "involved, not at the table", HttpStatusCode.Forbidden, 0, null, "Wet Mulder");
        yield return Cell("/api/tables/{table}/signals", "bram", "member of the table", HttpStatusCode.OK, 1, "Wet Mulder", null);
        yield return Cell("/api/meetings/{meeting}", "pieter", "privacy officer of a member organisation", HttpStatusCode.Forbidden, 0, null, null);
        yield return Cell("/api/tables/{table}/signals", "pieter", "privacy officer of a member organisation", HttpStatusCode.Forbidden, 0, null, "Wet Mulder");
    }

    /// <summary>The resident's health contribution, and its weighing (which passes with the contribution's category): only who may see health data sees either.</summary>
    private const string Diagnosis = "Diagnose schizofrenie";

    private const string Weighing = "Alleen de begeleidingsbehoefte";

    private static TestCaseData Cell(string path, string user, string relation, HttpStatusCode status, int logged, string? shows, string? hides) =>
        new TestCaseData(path, user, status, logged, shows, hides).SetName($"{path} as {user} ({relation}): {(int)status}, {logged} logged");

    [TestCaseSource(nameof(ReadCells))]
    public async Task A_read_answers_shows_redacts_and_logs_by_the_readers_relation_to_the_case(string path, string user, HttpStatusCode status, int logged, string? shows, string? hides)
    {
        var world = await BuildAsync();
        await CloseLongAgoAsync(world.ClosedCase);
        var client = await App.SignedInAs(user);
        var url = path.Replace("{case}", world.Case.ToString()).Replace("{closed}", world.ClosedCase.ToString())
            .Replace("{meeting}", world.Meeting.ToString()).Replace("{table}", world.Table.ToString());
        var before = await CountAsync(Logged);

        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), body.Length > 300 ? body[..300] : body);
            Assert.That(await CountAsync(Logged) - before, Is.EqualTo(logged), "disclosure records written by the read");
            if (shows is not null)
            {
                Assert.That(body, Does.Contain(shows));
            }

            if (hides is not null)
            {
                Assert.That(body, Does.Not.Contain(hides));
            }
        });
    }

    /// <summary>The users in each relation to the scenario's open case, and who among them changes what.</summary>
    private static readonly string[] WithNeedToKnow = ["fatima", "bram", "sanne", "mirjam", "lotte"];

    private static readonly string[] Chair = ["sanne"];

    /// <summary>No need to know: an organisation at no table, the one an action could not be given to, an expert without a statement, and the privacy officer (audit only).</summary>
    private static readonly string[] WithoutNeedToKnow = ["ruud", "kees", "noor", "pieter"];

    /// <param name="Path">The route with the scenario's ids as placeholders ({case}, {resident}, {meeting}, ...).</param>
    /// <param name="Allowed">Who changes the record with a valid body; everyone else with need to know gets a role's 403, everyone without gets 403.</param>
    /// <param name="OneShot">A change that can happen once (closing, completing): every allowed user gets a world of their own.</param>
    /// <param name="Prepare">What the chair does first, so the write is valid for whoever may make it (opening the meeting).</param>
    /// <param name="OnCase">A write to the case itself: also tried on the closed case, by its referrer (409 closed, or the role's 403) and by the chair whose need to know ended (403).</param>
    /// <param name="Unknown">A write about a resident: who may not see the resident gets the 404 of an unknown id, since that the resident is known is personal (the privacy officer's role is refused first, 403).</param>
    public sealed record WriteRoute(string Path, Func<object, string, object> Body, string[] Allowed, bool OneShot = false, string? Prepare = null, bool OnCase = false, bool Unknown = false)
    {
        public override string ToString() => Path;
    }

    private static object Outcomes() => new
    {
        outcomes = new[] { "Wonen", "Financien", "Daginvulling", "Ondersteuning", "Leefomgeving" }.Select(v => new { vuistregel = v, status = "Wankel" }),
        summary = "Afgerond",
    };

    private static IEnumerable<TestCaseData> WriteCells()
    {
        // The body gets the world (as object, so the record stays public) and answers a valid request for it.
        WriteRoute[] routes =
        [
            new("/api/cases/{case}/voice", (_, _) => new { words = "Ik wil rust.", wishes = "Een eigen plek", category = "Wonen" }, WithNeedToKnow, OnCase: true),
            new("/api/cases/{case}/assessments", (_, _) => new { vuistregel = "Wonen", status = "Zorgelijk", note = "Geen woning in zicht" }, WithNeedToKnow, OnCase: true),
            new("/api/cases/{case}/contributions", (_, _) => new { text = "Huurachterstand opgelost", category = "Wonen", weighing = Scenario.Weighing }, WithNeedToKnow, OnCase: true),
            new("/api/cases/{case}/proposals", (_, _) => new { text = "Begeleid wonen", category = "Wonen" }, WithNeedToKnow, OnCase: true),
            new("/api/cases/{case}/proposals/{proposal}/positions", (_, _) => new { position = "Agree" }, WithNeedToKnow, OnCase: true),
            new("/api/cases/{case}/decisions", (_, _) => new { what = "Budgetbeheer starten", why = "Schulden lopen op", category = "Financien" }, Chair, OnCase: true),
            new("/api/cases/{case}/decisions/{decision}/corrections", (_, _) => new { what = "Budgetbeheer starten met een budgetcoach", reason = "De coach ontbrak in het besluit" }, Chair, OnCase: true),
            new("/api/cases/{case}/actions",
                (_, _) => new { description = "Begeleiding regelen", ownerUserId = "demo-fatima", ownerOrganisationId = DemoUsers.Ggz.Id, due = Scenario.Today.AddDays(7), vuistregel = "Ondersteuning" },
                WithNeedToKnow, OnCase: true),
            new("/api/cases/{case}/housing-profile", (_, _) => new { wishes = "Begane grond", supportConditions = "Ambulante begeleiding", income = "Wajong", risks = "Terugval" }, WithNeedToKnow, OnCase: true),
            new("/api/cases/{case}/roadmap", (_, _) => new { step = "Consultatie", on = Scenario.Today, note = "Bezichtiging" }, WithNeedToKnow, OnCase: true),
            new("/api/cases/{case}/signals", (w, _) => new { flaw = "Boetes stapelen", ruleOrPolicy = "Wet Mulder", escalatedTo = "Beleidsregisseur", tableId = ((World)w).Table }, WithNeedToKnow, OnCase: true),
            new("/api/cases/{case}/signals/{signal}/status", (_, user) => SignalStatus(user), WithNeedToKnow),
            new("/api/cases/{case}/involvements",
                (_, _) => new { organisationId = DemoUsers.Welzijn.Id, organisationName = DemoUsers.Welzijn.Name, organisationType = "Welzijn", reason = "Dagbesteding", reasonCategory = "Daginvulling" },
                Chair, OnCase: true),
            new("/api/cases/{case}/close", (_, _) => Outcomes(), WithNeedToKnow, OneShot: true, OnCase: true),
            new("/api/actions/{action}/complete", (_, _) => new { note = "Gedaan" }, ["fatima", "sanne"], OneShot: true),
            new("/api/residents/{resident}/consents", (_, _) => PrivacyScenario.Consent("Financien", "Schuldhulpverlening"), WithNeedToKnow, Unknown: true),
            new("/api/consents/{consent}/withdraw", (_, _) => new { reason = "Inwoner trekt in" }, WithNeedToKnow, OneShot: true, Unknown: true),
            new("/api/meetings/{meeting}/agenda", (w, _) => new { caseId = ((World)w).Waiting }, Chair, OneShot: true),
            new("/api/meetings/{meeting}/agenda/order", (w, _) => new { caseIds = new[] { ((World)w).Case } }, Chair),
            new("/api/meetings/{meeting}/open", (_, _) => new { }, Chair, OneShot: true),
            new("/api/meetings/{meeting}/attendance", (_, user) => Attendance(user), ["fatima", "bram", "sanne", "lotte"],
                Prepare: "/api/meetings/{meeting}/open"),
            new("/api/meetings/{meeting}/current-item", (w, _) => new { caseId = ((World)w).Case }, Chair, Prepare: "/api/meetings/{meeting}/open"),
            new("/api/meetings/{meeting}/close", (_, _) => new { }, Chair, OneShot: true, Prepare: "/api/meetings/{meeting}/open"),
        ];
        return routes.Select(r => new TestCaseData(r).SetName($"POST {r.Path}: changed by {string.Join(", ", r.Allowed)} only"));
    }

    /// <summary>Participants record their own attendance at a table of their organisation; a chair records anyone's.</summary>
    private static object Attendance(string user)
    {
        var demo = DemoUsers.Find(user)!;
        return new { userId = $"demo-{user}", displayName = demo.DisplayName, organisationId = demo.Organisation.Id };
    }

    /// <summary>Each user moves the signal on, so every allowed change stores one (a status set twice stores nothing).</summary>
    private static object SignalStatus(string user) =>
        new { status = Array.IndexOf(WithNeedToKnow, user) % 2 == 0 ? "Escalated" : "Resolved", note = $"Stand volgens {user}" };

    private static string Url(string path, World world) => path
        .Replace("{case}", world.Case.ToString()).Replace("{closed}", world.ClosedCase.ToString()).Replace("{meeting}", world.Meeting.ToString())
        .Replace("{table}", world.Table.ToString()).Replace("{resident}", world.Resident.ToString()).Replace("{action}", world.Action.ToString())
        .Replace("{proposal}", world.Proposal.ToString()).Replace("{signal}", world.Signal.ToString()).Replace("{consent}", world.Consent.ToString())
        .Replace("{decision}", world.Decision.ToString());

    /// <summary>
    /// The write half of the matrix: every write route that names a case, a resident or a meeting,
    /// by every relation. Who may not make the change gets 403 whatever the state (nothing stored,
    /// nothing logged); who may gets 2xx; on the closed case the referrer learns it is closed (409)
    /// and the chair whose need to know ended gets 403 (a role's 403 comes before the case's state).
    /// </summary>
    [TestCaseSource(nameof(WriteCells))]
    public async Task A_write_changes_the_record_only_for_who_may_make_it(WriteRoute route)
    {
        var world = await BuildAsync();
        await CloseLongAgoAsync(world.ClosedCase);
        if (route.Prepare is { } prepare)
        {
            await (await App.SignedInAs("sanne")).PostOk(Url(prepare, world), new { });
        }

        var wrong = new List<string>();
        foreach (var user in WithNeedToKnow.Concat(WithoutNeedToKnow).Where(u => !route.Allowed.Contains(u)))
        {
            var refusal = route.Unknown && WithoutNeedToKnow.Contains(user) && user != "pieter" ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden;
            await ExpectAsync(user, Url(route.Path, world), route.Body(world, user), refusal, wrong);
        }

        if (route.OnCase)
        {
            var onClosed = route.Path.Replace("{case}", "{closed}");
            var referrerMay = route.Allowed.Contains("bram");
            await ExpectAsync("bram", Url(onClosed, world), route.Body(world, "bram"), referrerMay ? HttpStatusCode.Conflict : HttpStatusCode.Forbidden, wrong, "referrer of the closed case");
            await ExpectAsync("sanne", Url(onClosed, world), route.Body(world, "sanne"), HttpStatusCode.Forbidden, wrong, "chair, need to know ended");
        }

        foreach (var user in route.Allowed)
        {
            if (route.OneShot && user != route.Allowed[0])
            {
                await ResetCaseStoreAsync();
                world = await BuildAsync();
                if (route.Prepare is { } again)
                {
                    await (await App.SignedInAs("sanne")).PostOk(Url(again, world), new { });
                }
            }

            await ExpectAsync(user, Url(route.Path, world), route.Body(world, user), null, wrong);
        }

        Assert.That(wrong, Is.Empty);
    }

    /// <summary>Sends a write as <paramref name="user"/>: a refusal (<paramref name="status"/>) stores and logs nothing; null expects a 2xx that stored something.</summary>
    private static async Task ExpectAsync(string user, string url, object body, HttpStatusCode? status, List<string> wrong, string? relation = null)
    {
        var (storedBefore, loggedBefore) = (await CountAsync(Stored), await CountAsync(Logged));
        var response = await (await App.SignedInAs(user)).PostAsJsonAsync(url, body);
        var (stored, logged) = (await CountAsync(Stored) - storedBefore, await CountAsync(Logged) - loggedBefore);
        var who = relation is null ? user : $"{user} ({relation})";
        if (status is { } refused && (response.StatusCode != refused || stored != 0 || logged != 0))
        {
            wrong.Add($"{who}: {(int)response.StatusCode}, {stored} stored, {logged} logged; expected {(int)refused}, nothing stored or logged");
        }
        else if (status is null && (!response.IsSuccessStatusCode || stored == 0))
        {
            var text = await response.Content.ReadAsStringAsync();
            wrong.Add($"{who}: {(int)response.StatusCode}, {stored} stored; expected 2xx that stored: {(text.Length > 200 ? text[..200] : text)}");
        }
    }

    private static async Task CloseLongAgoAsync(Guid caseId)
    {
        await using var session = App.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession();
        session.Events.Append(caseId, new DoorbraakTafel.Cases.CaseClosed(caseId, [], new DoorbraakTafel.Privacy.CategorisedText("Afgerond", DoorbraakTafel.Privacy.DataCategory.Ondersteuning), null,
            new DoorbraakTafel.Cases.Participant("demo-bram", DemoUsers.Corporatie.Id), DateTimeOffset.UtcNow.AddYears(-2)));
        await session.SaveChangesAsync();
    }
}
