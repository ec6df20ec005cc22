using System.Security.Claims;

namespace DoorbraakTafel.Identity;

/// <summary>
/// The signed-in user as the domain sees it. Bound as an endpoint parameter; the endpoint
/// is only reached after authorization, so the claims are there.
/// </summary>
public sealed record CurrentUser(string UserId, string DisplayName, string Role, string OrganisationId, OrganisationType OrganisationType)
{
    public bool IsIn(string role) => Role == role;

    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var userId = principal.FindFirstValue(DoorbraakClaims.UserId);
        var organisation = principal.FindFirstValue(DoorbraakClaims.OrganisationId);
        if (userId is null || organisation is null)
        {
            return null;
        }

        return new CurrentUser(
            userId,
            principal.FindFirstValue(DoorbraakClaims.DisplayName) ?? userId,
            principal.FindFirstValue(DoorbraakClaims.Role) ?? Roles.Professional,
            organisation,
            Enum.TryParse<OrganisationType>(principal.FindFirstValue(DoorbraakClaims.OrganisationType), out var type)
                ? type
                : OrganisationType.Overig);
    }

    public static ValueTask<CurrentUser?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context.User));
}
