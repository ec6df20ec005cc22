using DoorbraakTafel.Identity;
using DoorbraakTafel.Live;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Gate;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Tests.Live;

/// <summary>A push is decided before it is sent; whoever joins in between was not logged for it and must not get its content.</summary>
public sealed class AudienceFilterTests : AppTest
{
    [Test]
    public void A_push_leaves_out_the_connections_of_users_that_joined_after_it_was_logged()
    {
        var rooms = new MeetingRooms();
        using var scope = App.Services.CreateScope();
        var filter = new AudienceFilter(scope.ServiceProvider.GetRequiredService<PrivacyGate>(), rooms);
        var meeting = Guid.NewGuid();
        var corporation = DemoUsers.Corporatie.Id;
        rooms.Enter(meeting, Connection("bram-1", "demo-bram", corporation));
        rooms.Enter(meeting, Connection("ahmed-1", "demo-ahmed", DemoUsers.Gemeente.Id));
        var content = new LiveContent([new CategorisedText("Huur betaald", DataCategory.Wonen)]);
        var push = new AudiencePush(new Audience(meeting, corporation), content, null, ["demo-bram"]);
        Assert.That(filter.JoinedSince(push), Is.Empty);

        rooms.Enter(meeting, Connection("bram-2", "demo-bram", corporation));
        rooms.Enter(meeting, Connection("esther-1", "demo-esther", corporation));
        rooms.Enter(meeting, Connection("ahmed-2", "demo-ahmed-2", DemoUsers.Gemeente.Id));

        Assert.Multiple(() =>
        {
            Assert.That(filter.JoinedSince(push), Is.EqualTo(new[] { "esther-1" }), "a second tab of a logged user is covered by his record; another audience is not this push's");
            Assert.That(filter.JoinedSince(push with { Content = null, LoggedFor = [] }), Is.Empty, "ids and a label only disclose nothing");
        });
    }

    private static LiveConnection Connection(string connectionId, string userId, string organisationId) =>
        new(connectionId, userId, userId, organisationId, OrganisationType.Woningcorporatie, Roles.Professional);
}
