using System.Diagnostics;
using DoorbraakTafel.Identity;
using Marten;

namespace DoorbraakTafel.Infrastructure;

/// <summary>
/// Opens sessions stamped with who acts and in which request, so every event records its
/// user (Marten's user name), role and organisation (headers), correlation (the trace id)
/// and causation (the span of the request that caused it).
/// </summary>
internal sealed class RequestSessionFactory(IDocumentStore store, IHttpContextAccessor httpContext) : ISessionFactory
{
    public const string RoleHeader = "role";
    public const string OrganisationHeader = "organisation";

    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        var activity = Activity.Current;
        if (activity is not null)
        {
            session.CorrelationId = activity.TraceId.ToString();
            session.CausationId = activity.SpanId.ToString();
        }

        if (httpContext.HttpContext is { } context && CurrentUser.From(context.User) is { } user)
        {
            session.LastModifiedBy = user.UserId;
            session.SetHeader(RoleHeader, user.Role);
            session.SetHeader(OrganisationHeader, user.OrganisationId);
        }

        return session;
    }
}
