using System.Security.Cryptography;
using System.Text;

namespace DoorbraakTafel.Privacy.Disclosures;

/// <summary>
/// A secret that keys the disclosure log's chains: each record's hash is an HMAC-SHA256 under it,
/// so whoever rewrites records without it (a database administrator, a copy of a backup) cannot
/// make the chain whole again (docs/decisions.md). It lives in configuration or a key vault,
/// never in the database. Its <see cref="Id"/> goes into every record and into the MAC's input,
/// so a key can be replaced while records under the old one still verify.
/// </summary>
public sealed class ChainKey
{
    private readonly byte[] secret;

    public ChainKey(byte[] secret)
    {
        this.secret = secret;
        Id = Mac("DoorbraakTafel disclosure chain key id")[..16];
        // RFC 2104: HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m)), K' the key padded to SHA-256's 64-byte block.
        var padded = new byte[64];
        secret.CopyTo(padded, 0);
        Blocks = [.. padded.Select(b => (byte)(b ^ 0x36)), .. padded.Select(b => (byte)(b ^ 0x5c))];
    }

    public string Id { get; }

    /// <summary>
    /// The key's inner and outer blocks (K' xor ipad, then K' xor opad; 128 bytes): with them the
    /// append procedure computes the HMAC with PostgreSQL's own <c>sha256()</c>, inside the statement
    /// that advances the chain head, and no extension is needed. They are as secret as the key.
    /// </summary>
    public byte[] Blocks { get; }

    public string Mac(string message) => Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(message)));
}

/// <summary>
/// The chain keys from configuration: <c>DisclosureLog:ChainKey</c> chains new records,
/// <c>DisclosureLog:RetiredChainKeys</c> (earlier keys) only verify old ones; base64, 32 to 64 bytes.
/// </summary>
public sealed class ChainKeys
{
    public const string Setting = "DisclosureLog:ChainKey";
    public const string RetiredSetting = "DisclosureLog:RetiredChainKeys";

    private readonly Dictionary<string, ChainKey> byId;

    public ChainKeys(ChainKey current, IEnumerable<ChainKey> retired)
    {
        Current = current;
        byId = retired.Append(current).ToDictionary(k => k.Id);
    }

    public ChainKey Current { get; }

    public ChainKey? Find(string? id) => id is not null && byId.TryGetValue(id, out var key) ? key : null;

    /// <summary>Refuses to start without a usable key: a log chained without one proves nothing.</summary>
    public static ChainKeys From(IConfiguration configuration)
    {
        var current = Parse(configuration[Setting], Setting)
            ?? throw new InvalidOperationException(
                $"The disclosure log needs a chain key: set {Setting} (environment variable {Setting.Replace(":", "__", StringComparison.Ordinal)}) " +
                "to 32 random bytes in base64, kept outside the database.");
        var retired = configuration.GetSection(RetiredSetting).GetChildren().Select(c => Parse(c.Value, $"{RetiredSetting}:{c.Key}")).OfType<ChainKey>();
        return new ChainKeys(current, retired);
    }

    private static ChainKey? Parse(string? base64, string setting)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var secret = new byte[64];
        return Convert.TryFromBase64String(base64.Trim(), secret, out var length) && length >= 32
            ? new ChainKey(secret[..length])
            : throw new InvalidOperationException($"{setting} is not a chain key: it needs 32 to 64 random bytes in base64.");
    }
}
