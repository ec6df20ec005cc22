using DoorbraakTafel.Cases.Acting;
using DoorbraakTafel.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DoorbraakTafel.Tests.Workflow;

public sealed class ActionRemindersTests : AppTest
{
    [Test]
    public async Task The_daily_job_marks_exactly_the_overdue_actions_and_reminds_those_due_soon()
    {
        var caseId = await Scenario.CaseAsync(App, referrer: "sanne");
        var chair = await App.SignedInAs("sanne");
        async Task<Guid> Action(int dueInDays) => await chair.CreatedId($"/api/cases/{caseId}/actions",
            new { description = $"Binnen {dueInDays} dagen", due = Scenario.Today.AddDays(dueInDays), vuistregel = "Wonen" });
        var dueTomorrow = await Action(1);
        var dueIn5 = await Action(5);
        var doneEarly = await Action(2);
        var dueIn7 = await Action(7);
        var dueIn30 = await Action(30);
        await chair.PostOk($"/api/actions/{doneEarly}/complete", new { note = "Klaar" });

        var clock = new ManualClock(DateTimeOffset.UtcNow.AddDays(6));
        var job = new ActionReminders(App.Services.GetRequiredService<IDocumentStore>(), clock, NullLogger<ActionReminders>.Instance);
        await job.RunAsync();
        await job.RunAsync();

        var actions = (await chair.Get($"/api/cases/{caseId}")).GetProperty("case").GetProperty("actions").EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetGuid(), a => (Status: a.GetProperty("status").GetString(), Reminded: a.GetProperty("reminded").GetBoolean()));
        Assert.That(actions[dueTomorrow].Status, Is.EqualTo("Overdue"));
        Assert.That(actions[dueIn5].Status, Is.EqualTo("Overdue"));
        Assert.That(actions[doneEarly].Status, Is.EqualTo("Done"));
        Assert.That(actions[dueIn7], Is.EqualTo(("Open", true)));
        Assert.That(actions[dueIn30], Is.EqualTo(("Open", false)));
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_events where type = 'action_marked_overdue'"), Is.EqualTo(2));
        Assert.That(await ScalarAsync<long>("select count(*) from doorbraak.mt_events where type = 'action_reminder_recorded'"), Is.EqualTo(1));
    }
}
