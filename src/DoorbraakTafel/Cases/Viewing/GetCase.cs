using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;

namespace DoorbraakTafel.Cases.Viewing;

/// <summary>A case for the API, through the privacy gate: filtered for the viewer and logged.</summary>
internal static class GetCase
{
    public static async Task<IResult> Handle(Guid id, CurrentUser user, PrivacyGate gate, HttpResponse response, CancellationToken cancellationToken)
    {
        var view = await gate.ViewCaseAsync(id, user, Channel.Api, cancellationToken);
        response.SetETag(view.Case.Version);
        return TypedResults.Ok(view);
    }
}
