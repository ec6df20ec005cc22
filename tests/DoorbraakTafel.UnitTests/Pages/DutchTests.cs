using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Pages;
using Microsoft.AspNetCore.Http;

namespace DoorbraakTafel.UnitTests.Pages;

public sealed class DutchTests
{
    [Test]
    public void A_refusal_is_shown_with_the_sentence_it_carries_else_one_per_field_else_a_general_one()
    {
        // The meeting's own words, although its English detail names a case (once read as "the case is closed").
        var closedMeeting = Rejected.Conflict("This meeting is closed; put the case on the agenda of a next one.", "Deze bijeenkomst is al afgelopen.");
        var tableElsewhere = Rejected.Invalid("tableId", "Your organisation does not sit at table 7.", "Uw organisatie zit niet aan deze tafel.");

        Assert.Multiple(() =>
        {
            Assert.That(Dutch.Explain(closedMeeting), Is.EqualTo("Deze bijeenkomst is al afgelopen."));
            Assert.That(Dutch.Explain(tableElsewhere), Is.EqualTo("Uw organisatie zit niet aan deze tafel."));
            Assert.That(Dutch.Explain(Rejected.Invalid("due", "The due date is in the past.")), Does.StartWith("Deze datum is al voorbij."));
            Assert.That(Dutch.Explain(Rejected.NotFound("Case", Guid.Empty)), Is.EqualTo("Dit bestaat niet (meer)."));
            Assert.That(Dutch.Explain(new Rejected(StatusCodes.Status400BadRequest, "Invalid If-Match", "If-Match must be a version.")), Does.StartWith("Dit kan nu niet."));
        });
    }
}
