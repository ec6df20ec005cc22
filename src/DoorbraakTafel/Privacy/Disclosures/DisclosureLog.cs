using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;

namespace DoorbraakTafel.Privacy.Disclosures;

public enum Channel
{
    Page,
    Api,
    Hub,
    Pdf,
    Export,
}

/// <summary>
/// One pass of personal data through the privacy gate, with the fields of NEN 7513 and the
/// Logboek Dataverwerkingen standard: who (user, role, organisation), whose (data subject),
/// what (categories shown and redacted, object and version), why (purpose, processing
/// activity, legal bases and consents), how (channel) and when, with trace and span ids.
/// </summary>
[NonPersonal("codes and ids only: users, roles, organisations, categories, policy rules, consents, objects; never a text of a case")]
public sealed record DisclosureRecord(
    DateTimeOffset At,
    string UserId,
    string Role,
    string OrganisationId,
    string OrganisationType,
    string Purpose,
    string ProcessingActivityId,
    string LegalBases,
    string ConsentIds,
    string? DataSubject,
    string CategoriesShown,
    string CategoriesRedacted,
    Channel Channel,
    string ObjectType,
    string ObjectId,
    long ObjectVersion,
    string? TraceId,
    string? SpanId,
    string PolicyVersion)
{
    /// <summary>The record's content as one string, the same at write and at verify; the hash covers it.</summary>
    public string Canonical() => string.Join('\u001f',
        At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture), UserId, Role, OrganisationId, OrganisationType, Purpose,
        ProcessingActivityId, LegalBases, ConsentIds, DataSubject ?? "", CategoriesShown, CategoriesRedacted, Channel.ToString(), ObjectType, ObjectId,
        ObjectVersion.ToString(CultureInfo.InvariantCulture), TraceId ?? "", SpanId ?? "", PolicyVersion);
}

[NonPersonal("hashes, a key id, and the record")]
public sealed record LoggedDisclosure(long Id, int Shard, long Position, string PreviousHash, string Hash, string? KeyId, DisclosureRecord Record);

/// <summary>
/// The append-only, tamper-evident disclosure log (schema <c>privacy</c>). Records form
/// <see cref="Shards"/> hash chains: each record holds the HMAC-SHA256, under the
/// <see cref="ChainKey"/> kept outside the database, of its canonical content, its position and
/// the previous record's hash. Several chains let concurrent readers log without queueing behind
/// one chain head; verification walks every chain.
/// </summary>
public sealed class DisclosureLog(NpgsqlDataSource dataSource, ChainKeys keys, DisclosureCheckpoints checkpoints)
{
    public const int Shards = 16;
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private const string Columns = "at, user_id, role, organisation_id, organisation_type, purpose, processing_activity_id, legal_bases, consent_ids, " +
        "data_subject, categories_shown, categories_redacted, channel, object_type, object_id, object_version, trace_id, span_id, policy_version";

    /// <summary>
    /// One record after the chain head of a shard (<c>privacy.append_disclosure</c>, see <see cref="Schema"/>):
    /// advances the head and inserts the record linked to it. The record's text fields come as one
    /// array (<see cref="Texts"/>), so a record binds five parameters rather than twenty-one, and the
    /// statement is a short call rather than the insert itself: a push queues one record per
    /// recipient on the write's session, where every parameter is an object of its own and every
    /// statement's text is copied into the batch (docs/benchmarks.md). A procedure, so the call
    /// returns no rows: a Marten session's commit batch expects none from the SQL queued on it.
    /// </summary>
    private const string AppendSql = "call privacy.append_disclosure($1, $2, $3, $4, $5, $6, $7)";

    /// <summary>The same statement with Marten's positional placeholders.</summary>
    private const string QueuedSql = "call privacy.append_disclosure(?, ?, ?, ?, ?, ?, ?)";

    /// <summary>
    /// The chain the next append takes, in turn: a writer waits for a chain head only when another
    /// still holds it (until its commit), which taking them in turn makes rare for the appends of one
    /// node (picking at random, two of sixteen concurrent readers often met on one head). Starts at a
    /// random chain, so nodes do not all start on the same one.
    /// </summary>
    private int nextShard = Random.Shared.Next(Shards);

    private readonly ConditionalWeakTable<IDocumentSession, StrongBox<int>> shardOfSession = [];

    public const string SchemaName = "privacy";

    /// <summary>
    /// The log's schema, run by the owner role (Infrastructure/DatabaseSchema.cs). The app's role
    /// (<paramref name="app"/>, when <paramref name="separate"/> from the owner) may read the log and
    /// call <c>append_disclosure</c>, which runs with the owner's rights (security definer, with a
    /// fixed search path so no object of the caller's can stand in for the log's); it can change no
    /// row, and, owning nothing, cannot disable or drop the triggers either (docs/decisions.md).
    /// </summary>
    public static string Schema(string app, bool separate) => $"""
        create schema if not exists privacy;
        create table if not exists privacy.disclosure_heads (shard int primary key, position bigint not null, previous text not null, hash text not null);
        insert into privacy.disclosure_heads select s, 0, '{Genesis}', '{Genesis}' from generate_series(0, {Shards - 1}) s on conflict do nothing;
        create table if not exists privacy.disclosure_log (
            id bigint generated always as identity primary key,
            shard int not null, position bigint not null, previous_hash text not null, hash text not null,
            at timestamptz not null, user_id text not null, role text not null, organisation_id text not null, organisation_type text not null,
            purpose text not null, processing_activity_id text not null, legal_bases text not null, consent_ids text not null, data_subject text,
            categories_shown text not null, categories_redacted text not null, channel text not null, object_type text not null, object_id text not null,
            object_version bigint not null, trace_id text, span_id text, policy_version text not null,
            unique (shard, position));
        alter table privacy.disclosure_log add column if not exists key_id text;
        create index if not exists disclosure_log_subject on privacy.disclosure_log (data_subject, at);
        create index if not exists disclosure_log_user on privacy.disclosure_log (user_id, at);
        create index if not exists disclosure_log_object on privacy.disclosure_log (object_id, at);
        drop procedure if exists privacy.append_disclosure(text, int, timestamptz, bigint, text[]);
        create or replace procedure privacy.append_disclosure(canonical text, chain int, record_at timestamptz, record_version bigint, t text[], key_id text, key_blocks bytea)
        language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
        declare
            head privacy.disclosure_heads;
        begin
            if octet_length(key_blocks) <> 128 then
                raise exception 'append_disclosure needs the chain key''s two HMAC blocks (128 bytes)';
            end if;
            -- HMAC-SHA256 (RFC 2104) from the key's blocks, computed while this statement holds the
            -- chain head, so concurrent appends to one chain take their turns and link in order.
            update privacy.disclosure_heads h
               set position = h.position + 1, previous = h.hash,
                   hash = encode(sha256(substring(key_blocks from 65 for 64) || sha256(substring(key_blocks from 1 for 64)
                          || convert_to(key_id || '|' || canonical || '|' || (h.position + 1)::text || '|' || h.hash, 'UTF8'))), 'hex')
             where h.shard = chain
         returning h.* into head;
            insert into privacy.disclosure_log (shard, position, previous_hash, hash, key_id, {Columns})
            values (head.shard, head.position, head.previous, head.hash, key_id, record_at,
                    t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14], record_version, t[15], t[16], t[17]);
        end $$;
        create or replace function privacy.refuse_change() returns trigger language plpgsql as $$
            begin raise exception 'privacy.disclosure_log is append-only: % refused', tg_op; end $$;
        drop trigger if exists disclosure_log_append_only on privacy.disclosure_log;
        create trigger disclosure_log_append_only before update or delete on privacy.disclosure_log for each row execute function privacy.refuse_change();
        drop trigger if exists disclosure_log_no_truncate on privacy.disclosure_log;
        create trigger disclosure_log_no_truncate before truncate on privacy.disclosure_log for each statement execute function privacy.refuse_change();
        revoke all on schema privacy from public;
        revoke all on all tables in schema privacy from public;
        revoke all on all routines in schema privacy from public;
        {(separate ? $"""
            revoke all on all tables in schema privacy from {app};
            revoke all on all routines in schema privacy from {app};
            grant usage on schema privacy to {app};
            grant select on privacy.disclosure_log, privacy.disclosure_heads to {app};
            grant execute on procedure privacy.append_disclosure(text, int, timestamptz, bigint, text[], text, bytea) to {app};
            """ : "")}
        """;

    /// <summary>Appends one record in a single statement, durable when it returns; the chain head row is locked only for that statement.</summary>
    public async Task AppendAsync(DisclosureRecord record, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(AppendSql);
        Bind(command.Parameters, record, NextShard());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Queues one record on a Marten session, to commit with the events whose write it records: no
    /// record without its write and no write without its record, in the write's own round trip.
    /// All records of one session go on one chain, as consecutive links: its transaction then holds
    /// one chain head, so two writes never wait on each other's heads (a deadlock).
    /// </summary>
    public void Queue(IDocumentSession session, DisclosureRecord record)
    {
        var shard = shardOfSession.GetValue(session, _ => new StrongBox<int>(NextShard())).Value;
        object?[] values = [record.Canonical(), shard, record.At, record.ObjectVersion, Texts(record), keys.Current.Id, keys.Current.Blocks];
        // Marten binds a null as DBNull; its signature just does not say so.
        session.QueueSqlCommand(QueuedSql, values!);
    }

    /// <summary>
    /// Appends several records in one round trip and one transaction, durable when it returns: as
    /// consecutive links of one chain (each statement of the batch sees the head the one before it
    /// advanced), so the batch locks one chain head and waits for one commit, however many records
    /// it holds. For a live push with several recipients.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<DisclosureRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count <= 1)
        {
            if (records.Count == 1)
            {
                await AppendAsync(records[0], cancellationToken);
            }

            return;
        }

        var shard = NextShard();
        // Without an explicit transaction Npgsql runs a batch as one implicit transaction: all or none.
        await using var batch = dataSource.CreateBatch();
        foreach (var record in records)
        {
            var command = new NpgsqlBatchCommand(AppendSql);
            Bind(command.Parameters, record, shard);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private int NextShard() => (int)((uint)Interlocked.Increment(ref nextShard) % Shards);

    private void Bind(NpgsqlParameterCollection parameters, DisclosureRecord record, int shard)
    {
        parameters.Add(new NpgsqlParameter { Value = record.Canonical() });
        parameters.Add(new NpgsqlParameter { Value = shard });
        parameters.Add(new NpgsqlParameter { Value = record.At });
        parameters.Add(new NpgsqlParameter { Value = record.ObjectVersion });
        parameters.Add(new NpgsqlParameter { Value = Texts(record) });
        parameters.Add(new NpgsqlParameter { Value = keys.Current.Id });
        parameters.Add(new NpgsqlParameter { Value = keys.Current.Blocks });
    }

    /// <summary>What <c>privacy.append_disclosure</c> stores as a record's hash, under <paramref name="key"/>.</summary>
    public static string HashOf(ChainKey key, DisclosureRecord record, long position, string previous) =>
        key.Mac(string.Create(CultureInfo.InvariantCulture, $"{key.Id}|{record.Canonical()}|{position}|{previous}"));

    /// <summary>Reads records in log order, filtered; the privacy officer's search.</summary>
    public async Task<IReadOnlyList<LoggedDisclosure>> SearchAsync(DisclosureFilter filter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            select id, shard, position, previous_hash, hash, key_id, {Columns} from privacy.disclosure_log
             where ($1::text is null or data_subject = $1) and ($2::text is null or user_id = $2) and ($3::text is null or organisation_id = $3)
               and ($4::text is null or object_id = $4) and ($5::timestamptz is null or at >= $5) and ($6::timestamptz is null or at < $6)
             order by id limit $7
            """);
        object?[] parameters = [filter.DataSubject, filter.UserId, filter.OrganisationId, filter.ObjectId, filter.From, filter.Until, filter.Limit];
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        var results = new List<LoggedDisclosure>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(Read(reader));
        }

        return results;
    }

    /// <summary>
    /// Recomputes every chain with the key each record names, and compares the chains with the
    /// latest signed checkpoint: names the first record whose content, keyed hash or link does not
    /// hold, or the first position missing at a chain's end.
    /// </summary>
    public async Task<VerifyResult> VerifyAsync(CancellationToken cancellationToken)
    {
        // Read before the snapshot below, so the snapshot holds everything the checkpoint saw.
        var checkpoint = await checkpoints.LatestAsync(cancellationToken);
        if (checkpoint is { SignatureValid: false })
        {
            return VerifyResult.Broken(0, null, $"Checkpoint {checkpoint.File} is not signed by this app's checkpoint key: it was altered or is not this log's.") with { Checkpoint = checkpoint.File };
        }

        var seen = (checkpoint?.Heads ?? []).ToDictionary(h => h.Shard);
        var result = await WalkChainsAsync(seen, checkpoint, cancellationToken);
        return result with { Checkpoint = checkpoint?.File, CheckpointAt = checkpoint?.At };
    }

    private async Task<VerifyResult> WalkChainsAsync(Dictionary<int, CheckpointHead> seen, Checkpoint? checkpoint, CancellationToken cancellationToken)
    {
        // Heads and records from one snapshot: records appended while this reads (the app keeps
        // logging) would otherwise show as a chain longer than its head, reported as broken.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var heads = new Dictionary<int, (long Position, string Hash)>();
        await using (var command = new NpgsqlCommand("select shard, position, hash from privacy.disclosure_heads", connection, snapshot))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                heads[reader.GetInt32(0)] = (reader.GetInt64(1), reader.GetString(2));
            }
        }

        var last = Enumerable.Range(0, Shards).ToDictionary(shard => shard, _ => (Position: 0L, Hash: Genesis));
        long count = 0;
        await using (var command = new NpgsqlCommand($"select id, shard, position, previous_hash, hash, key_id, {Columns} from privacy.disclosure_log order by shard, position", connection, snapshot))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = Read(reader);
                count++;
                var expected = last.GetValueOrDefault(row.Shard, (Position: 0L, Hash: Genesis));
                if (row.Position != expected.Position + 1 || row.PreviousHash != expected.Hash)
                {
                    return VerifyResult.Broken(count, row.Id, $"Record {row.Id} does not follow record at position {expected.Position} of chain {row.Shard}: a record before it was removed or altered.", row);
                }

                if (keys.Find(row.KeyId) is not { } key)
                {
                    return VerifyResult.Broken(count, row.Id, $"Record {row.Id} names a chain key this app does not hold ({row.KeyId ?? "none"}): it was not written by the app, or its key is missing from {ChainKeys.RetiredSetting}.", row);
                }

                if (HashOf(key, row.Record, row.Position, row.PreviousHash) != row.Hash)
                {
                    return VerifyResult.Broken(count, row.Id, $"Record {row.Id} was altered: its content no longer matches its keyed hash.", row);
                }

                if (seen.TryGetValue(row.Shard, out var sign) && sign.Position == row.Position && sign.Hash != row.Hash)
                {
                    return VerifyResult.Broken(count, row.Id, $"Record {row.Id} is not the record the checkpoint of {checkpoint!.At:u} saw at position {row.Position} of chain {row.Shard}: the chain was rewritten.", row);
                }

                last[row.Shard] = (row.Position, row.Hash);
            }
        }

        foreach (var (shard, sign) in seen.OrderBy(s => s.Key))
        {
            var end = last.GetValueOrDefault(shard).Position;
            if (end < sign.Position)
            {
                return VerifyResult.Broken(count, null, $"Chain {shard} ends at position {end}, but the checkpoint of {checkpoint!.At:u} saw it at position {sign.Position}: records {end + 1} to {sign.Position} were removed.") with { Chain = shard, Position = end + 1 };
            }
        }

        foreach (var (shard, head) in heads.OrderBy(h => h.Key))
        {
            var end = last.GetValueOrDefault(shard);
            if (end.Position != head.Position || end.Hash != head.Hash)
            {
                return VerifyResult.Broken(count, null, $"Chain {shard} ends at position {end.Position}, but its head says {head.Position}: records at its end were removed.") with { Chain = shard, Position = end.Position + 1 };
            }
        }

        return new VerifyResult(true, count, null, null);
    }

    /// <summary>The record's text columns in the order of <see cref="Columns"/>, leaving out <c>at</c> and <c>object_version</c>.</summary>
    private static string?[] Texts(DisclosureRecord r) =>
    [
        r.UserId, r.Role, r.OrganisationId, r.OrganisationType, r.Purpose, r.ProcessingActivityId, r.LegalBases, r.ConsentIds, r.DataSubject,
        r.CategoriesShown, r.CategoriesRedacted, r.Channel.ToString(), r.ObjectType, r.ObjectId, r.TraceId, r.SpanId, r.PolicyVersion,
    ];

    private static LoggedDisclosure Read(NpgsqlDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var record = new DisclosureRecord(
            reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10), reader.GetString(11),
            reader.GetString(12), reader.GetString(13), reader.GetString(14), Text(15), reader.GetString(16), reader.GetString(17),
            Enum.Parse<Channel>(reader.GetString(18)), reader.GetString(19), reader.GetString(20), reader.GetInt64(21), Text(22), Text(23), reader.GetString(24));
        return new LoggedDisclosure(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), Text(5), record);
    }
}

public sealed record DisclosureFilter(string? DataSubject, string? UserId, string? OrganisationId, string? ObjectId, DateTimeOffset? From, DateTimeOffset? Until, int Limit = 1000);

/// <summary>
/// What verify found: intact or not, the first record that does not match (its id, chain and
/// position; a record removed at a chain's end has only a chain and position), and the checkpoint
/// the chains were compared with.
/// </summary>
public sealed record VerifyResult(bool Intact, long RecordsChecked, long? FirstBrokenRecord, string? Problem)
{
    public int? Chain { get; init; }

    public long? Position { get; init; }

    public string? Checkpoint { get; init; }

    public DateTimeOffset? CheckpointAt { get; init; }

    public static VerifyResult Broken(long checkedCount, long? id, string problem, LoggedDisclosure? row = null) =>
        new(false, checkedCount, id, problem) { Chain = row?.Shard, Position = row?.Position };
}
