using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace DoorbraakTafel.Privacy.Disclosures;

/// <summary>One chain's head as a checkpoint saw it.</summary>
public sealed record CheckpointHead(int Shard, long Position, string Hash);

/// <summary>A checkpoint as read back: when, every chain head, and whether its signature holds.</summary>
public sealed record Checkpoint(string File, DateTimeOffset At, IReadOnlyList<CheckpointHead> Heads, bool SignatureValid);

/// <summary>
/// Signed checkpoints of every chain head, written outside the database (after Certificate
/// Transparency's signed tree heads, RFC 9162, and the tlog-checkpoint note format): a keyed chain
/// alone does not show records removed at its end, since the remaining records still link, so the
/// heads are exported on a schedule, also when nothing was added, and verify compares the log with
/// the latest (docs/decisions.md). One JSON file per checkpoint in <c>DisclosureLog:CheckpointFolder</c>;
/// the signed part is a plain text (origin, time, one line per chain), signed with ECDSA P-256
/// (<c>DisclosureLog:CheckpointSigningKey</c>, a PKCS#8 PEM), so whoever holds the public key can
/// check a checkpoint without any secret.
/// </summary>
public sealed class DisclosureCheckpoints
{
    public const string FolderSetting = "DisclosureLog:CheckpointFolder";
    public const string SigningKeySetting = "DisclosureLog:CheckpointSigningKey";
    public const string ScheduleSetting = "DisclosureLog:CheckpointCron";
    public const string DefaultSchedule = "*/5 * * * *";

    private const string FilePrefix = "checkpoint-";
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider clock;
    private readonly ECDsa signingKey;
    private readonly string origin;

    public DisclosureCheckpoints(NpgsqlDataSource dataSource, TimeProvider clock, ChainKeys keys, IConfiguration configuration, IHostEnvironment environment)
    {
        this.dataSource = dataSource;
        this.clock = clock;
        var folder = configuration[FolderSetting];
        var pem = configuration[SigningKeySetting];
        if (string.IsNullOrWhiteSpace(folder) || string.IsNullOrWhiteSpace(pem))
        {
            throw new InvalidOperationException(
                $"The disclosure log needs a checkpoint folder outside the database and a key to sign its checkpoints: set {FolderSetting} " +
                $"and {SigningKeySetting} (an ECDSA P-256 private key, PKCS#8 PEM).");
        }

        Folder = Path.GetFullPath(folder, environment.ContentRootPath);
        signingKey = ECDsa.Create();
        try
        {
            signingKey.ImportFromPem(pem);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{SigningKeySetting} is not a PEM private key: {e.Message}", e);
        }

        PublicKeyPem = signingKey.ExportSubjectPublicKeyInfoPem();
        // The origin names the log by its chain key's id, so a checkpoint of another installation never passes for this one's.
        origin = $"DoorbraakTafel disclosure log {keys.Current.Id}";
    }

    public string Folder { get; }

    public string PublicKeyPem { get; }

    /// <summary>Reads every chain head in one statement (one snapshot) and writes them, signed, as a new file.</summary>
    public async Task<string> WriteAsync(CancellationToken cancellationToken)
    {
        var heads = new List<CheckpointHead>();
        await using (var command = dataSource.CreateCommand("select shard, position, hash from privacy.disclosure_heads order by shard"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                heads.Add(new CheckpointHead(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2)));
            }
        }

        var at = clock.GetUtcNow();
        var text = SignedText(at, heads);
        var file = new CheckpointFile(text, Convert.ToBase64String(signingKey.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256)), at, heads);
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{FilePrefix}{at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssffffff'Z'", CultureInfo.InvariantCulture)}.json");
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(file, Json), cancellationToken);
        // Written whole, then renamed: a reader never sees half a checkpoint.
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>The newest checkpoint's file, or null when none was written yet.</summary>
    public string? LatestFile() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, $"{FilePrefix}*.json").Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary>
    /// The newest checkpoint, its heads read from the signed text only (not from the file's
    /// convenience fields), and whether the signature and origin hold.
    /// </summary>
    public async Task<Checkpoint?> LatestAsync(CancellationToken cancellationToken)
    {
        if (LatestFile() is not { } path)
        {
            return null;
        }

        var name = Path.GetFileName(path);
        var file = Read(await File.ReadAllTextAsync(path, cancellationToken));
        if (file?.Text is not { } text || !Signed(text, file.Signature) || text.Split('\n', StringSplitOptions.RemoveEmptyEntries) is not [var first, var time, .. var rest] || first != origin)
        {
            return new Checkpoint(name, DateTimeOffset.MinValue, [], SignatureValid: false);
        }

        // Signed by this app, so written by SignedText: the fields parse.
        var heads = rest.Select(line => line.Split(' ')).Select(f => new CheckpointHead(
            int.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), f[2])).ToList();
        return new Checkpoint(name, DateTimeOffset.ParseExact(time, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), heads, SignatureValid: true);
    }

    private static CheckpointFile? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CheckpointFile>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private bool Signed(string text, string? signature)
    {
        var bytes = new byte[132];
        return signature is not null && Convert.TryFromBase64String(signature, bytes, out var length)
            && signingKey.VerifyData(Encoding.UTF8.GetBytes(text), bytes.AsSpan(0, length), HashAlgorithmName.SHA256);
    }

    /// <summary>What is signed: the origin, the time (UTC, microseconds) and one line per chain, "shard position hash".</summary>
    private string SignedText(DateTimeOffset at, IEnumerable<CheckpointHead> heads) =>
        string.Join('\n', [origin, at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture), .. heads.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Shard} {h.Position} {h.Hash}"))]) + "\n";

    /// <summary>
    /// The file: the signed text and its signature (base64, IEEE P1363), with the same time and
    /// heads as fields for whoever reads the file; verify trusts only the signed text.
    /// </summary>
    private sealed record CheckpointFile(string? Text, string? Signature, DateTimeOffset At, IReadOnlyList<CheckpointHead> Heads);
}

/// <summary>The recurring job (Hangfire) that writes a checkpoint; idempotent, since an extra checkpoint harms nothing.</summary>
public sealed class DisclosureCheckpointJob(DisclosureCheckpoints checkpoints)
{
    public Task RunAsync(CancellationToken cancellationToken) => checkpoints.WriteAsync(cancellationToken);
}
