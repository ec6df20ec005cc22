using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Tests.Infrastructure;
using DoorbraakTafel.Tests.Workflow;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Cases;

/// <summary>Amounts through the API as the Dutch type them or as numbers of euros, stored in cents; stored euros read as cents.</summary>
public sealed class DecisionAmountsApiTests : AppTest
{
    /// <summary>A cost comparison of detention against a train pass, with the amounts as given.</summary>
    public static object Costs(object detention, object pass) => new
    {
        current = new[] { new { label = "Detentie", amount = detention, period = "PerYear", category = "Justitie" } },
        proposed = new[] { new { label = "NS-jaarkaart", amount = pass, period = "PerYear", category = "Financien" } },
    };

    [Test]
    public async Task Amounts_typed_the_Dutch_way_or_sent_as_numbers_of_euros_are_stored_in_cents()
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await App.SignedInAs("sanne");

        await chair.PostCreated($"/api/cases/{caseId}/decisions", new { what = "Jaarkaart", why = "Goedkoper", category = "Financien", meetingId = meeting, costComparison = Costs("50.000,00", 4800.5m) });

        var costs = (await chair.Get($"/api/cases/{caseId}")).GetProperty("case").GetProperty("decisions")[0].GetProperty("costComparison");
        Assert.That(costs.GetProperty("current")[0].GetProperty("amountInCents").GetInt64(), Is.EqualTo(50_000_00));
        Assert.That(costs.GetProperty("proposed")[0].GetProperty("amountInCents").GetInt64(), Is.EqualTo(4_800_50));
        Assert.That(costs.GetProperty("yearlyDifferenceInCents").GetInt64(), Is.EqualTo(45_199_50));
        Assert.That(costs.GetProperty("current")[0].TryGetProperty("amount", out _), Is.False, "cents only, no euros beside them");
    }

    [TestCase("5.00")]
    [TestCase("vijftig")]
    [TestCase("4.800,505")]
    public async Task An_amount_that_is_no_Dutch_amount_is_a_422_problem_naming_its_field_and_nothing_is_stored(string typed)
    {
        var (_, meeting, caseId) = await Scenario.MeetingInProgressAsync(App);
        var chair = await App.SignedInAs("sanne");

        var response = await chair.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { what = "Jaarkaart", why = "Goedkoper", category = "Financien", meetingId = meeting, costComparison = Costs(typed, "3.000") });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("errors").TryGetProperty("costComparison.current[0].amount", out _), Is.True, problem.ToString());
        Assert.That(await StoredEventsAsync(caseId, "decision_recorded"), Is.Zero);
    }

    [Test]
    public async Task The_API_description_shows_an_amount_as_a_number_or_a_Dutch_text()
    {
        var description = JsonDocument.Parse(await App.Anonymous().GetStringAsync("/openapi/v1.json")).RootElement;
        var amount = description.GetProperty("components").GetProperty("schemas").GetProperty("CostItemRequest").GetProperty("properties").GetProperty("amount");

        Assert.That(amount.GetProperty("type").EnumerateArray().Select(t => t.GetString()), Is.SupersetOf(new[] { "number", "string" }));
        Assert.That(amount.GetProperty("description").GetString(), Does.Contain("\"4.800,50\""));
    }

    [Test]
    public void A_cost_line_stored_in_euros_before_amounts_were_cents_reads_in_cents_and_is_written_in_cents()
    {
        var serializer = App.Services.GetRequiredService<IDocumentStore>().Options.Serializer();
        const string Stored = """{"Label": "Detentie", "Amount": 50000.005}""";

        var item = serializer.FromJson<CostItem>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Stored)));
        var written = serializer.ToJson(item);

        Assert.That(item.AmountInCents, Is.EqualTo(50_000_01));
        Assert.That(written, Does.Contain("\"AmountInCents\":5000001").And.Not.Contain("\"Amount\""));
    }
}
