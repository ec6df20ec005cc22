using DoorbraakTafel.Infrastructure;
using Marten;

namespace DoorbraakTafel.Cases.Viewing;

internal static class GetCase
{
    public static async Task<IResult> Handle(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        var details = await session.LoadAsync<CaseDetails>(id, cancellationToken) ?? throw Rejected.NotFound("Case", id);
        response.SetETag(details.Version);
        return TypedResults.Ok(details);
    }
}
