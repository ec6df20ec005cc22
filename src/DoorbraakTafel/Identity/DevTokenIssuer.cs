using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DoorbraakTafel.Identity;

/// <summary>
/// Signs bearer tokens for demo users outside Production. The key lives only in this process,
/// so a token never outlives the app that issued it.
/// </summary>
public sealed class DevTokenIssuer(TimeProvider clock)
{
    private const string Issuer = "doorbraaktafel-dev";
    private const string Audience = "doorbraaktafel";
    private readonly SymmetricSecurityKey key = new(RandomNumberGenerator.GetBytes(32));

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key,
        NameClaimType = DoorbraakClaims.DisplayName,
        RoleClaimType = DoorbraakClaims.Role,
    };

    public string IssueFor(DemoUser user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(12),
            Subject = new ClaimsIdentity(ClaimsOf(user)),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    public static ClaimsIdentity CookieIdentity(DemoUser user, string scheme) =>
        new(ClaimsOf(user), scheme, DoorbraakClaims.DisplayName, DoorbraakClaims.Role);

    private static IEnumerable<Claim> ClaimsOf(DemoUser user) =>
    [
        new(DoorbraakClaims.UserId, user.UserId),
        new(DoorbraakClaims.DisplayName, user.DisplayName),
        new(DoorbraakClaims.Role, user.Role),
        new(DoorbraakClaims.OrganisationId, user.Organisation.Id),
        new(DoorbraakClaims.OrganisationType, user.Organisation.Type.ToString()),
    ];
}
