using System.Text.Json;
using DoorbraakTafel.Privacy;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace DoorbraakTafel.Infrastructure;

/// <summary>
/// A stored event the app cannot interpret, in the place it has in its stream: an event type the
/// app does not know, JSON that does not deserialize, an enum value outside its members or a
/// required value missing. Never appended; reads show it as a step that could not be read
/// (docs/decisions.md: a stored event never makes a case unreadable).
/// </summary>
[StepLabel(Sentence)]
public sealed record UnreadableStep([property: NonPersonal("an event type name as stored")] string StoredType)
{
    /// <summary>What the timeline, the board and the PDF show in the step's place.</summary>
    public const string Sentence = "Deze stap kon niet worden gelezen";

    /// <summary>What they add: the rest is whole and the error is logged.</summary>
    public const string Detail = "De rest van de casus is volledig. De fout is vastgelegd voor de beheerder.";
}

/// <summary>
/// The app's read of stored events: Marten's read, and when Marten cannot read an event, or it
/// holds a value the app cannot interpret, that event alone becomes an <see cref="UnreadableStep"/>
/// and an error is logged with its id, sequence and stream, never its content. The case timeline,
/// a live catch-up and the rebuild of a case document read events through here, so no stored event
/// makes them fail (docs/decisions.md: a stored event never makes a case unreadable).
/// </summary>
public sealed class StoredEvents(NpgsqlDataSource database, ILogger<StoredEvents> logger)
{
    /// <summary>The events of one stream, in order.</summary>
    public Task<IReadOnlyList<IEvent>> StreamAsync(IQuerySession session, Guid streamId, CancellationToken cancellationToken) =>
        ReadAsync(
            session,
            () => session.Events.FetchStreamAsync(streamId, token: cancellationToken),
            "stream_id = $1 order by version",
            [streamId],
            cancellationToken);

    /// <summary>The events of <paramref name="streamIds"/> after <paramref name="afterSequence"/> and before <paramref name="beforeSequence"/>, in commit order, at most <paramref name="take"/>.</summary>
    public Task<IReadOnlyList<IEvent>> OfStreamsAsync(
        IQuerySession session, Guid[] streamIds, long afterSequence, long beforeSequence, int take, CancellationToken cancellationToken) =>
        ReadAsync(
            session,
            async () => await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamId.IsOneOf(streamIds) && e.Sequence > afterSequence && e.Sequence < beforeSequence)
                .OrderBy(e => e.Sequence)
                .Take(take)
                .ToListAsync(cancellationToken),
            "stream_id = any($1) and seq_id > $2 and seq_id < $3 order by seq_id limit $4",
            [streamIds, afterSequence, beforeSequence, take],
            cancellationToken);

    private async Task<IReadOnlyList<IEvent>> ReadAsync(
        IQuerySession session, Func<Task<IReadOnlyList<IEvent>>> martenRead, string rowsWhere, object[] parameters, CancellationToken cancellationToken)
    {
        try
        {
            // The usual case: Marten reads every event; each is still checked for values the app cannot interpret.
            return [.. (await martenRead()).Select(e => StoredEventCheck.FirstUninterpretable(e.Data) is { } member ? Unreadable(e, e.EventTypeName, $"{member} holds no value the app knows") : e)];
        }
        catch (Exception e) when (CannotRead(e))
        {
            // One event Marten cannot read fails the whole read: read the rows one by one instead.
            // Unknown types, JSON that does not fit and columns left empty each fail differently.
            return await OneByOneAsync(session, rowsWhere, parameters, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<IEvent>> OneByOneAsync(IQuerySession session, string rowsWhere, object[] parameters, CancellationToken cancellationToken)
    {
        var rows = new List<(Guid Id, long Sequence, long Version, Guid StreamId, string Type, DateTimeOffset Timestamp)>();
        await using (var command = database.CreateCommand(
            $"select id, seq_id, version, stream_id, type, timestamp from {DatabaseModule.MartenSchema}.mt_events where {rowsWhere}"))
        {
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        var events = new List<IEvent>(rows.Count);
        foreach (var row in rows)
        {
            var placeholder = new Event<UnreadableStep>(new UnreadableStep(row.Type))
            {
                Id = row.Id,
                Sequence = row.Sequence,
                Version = row.Version,
                StreamId = row.StreamId,
                Timestamp = row.Timestamp,
                EventTypeName = row.Type,
            };
            try
            {
                var read = await session.Events.LoadAsync(row.Id, cancellationToken);
                events.Add(read is null
                    ? Unreadable(placeholder, row.Type, "not found")
                    : StoredEventCheck.FirstUninterpretable(read.Data) is { } member ? Unreadable(read, row.Type, $"{member} holds no value the app knows") : read);
            }
            catch (Exception e) when (CannotRead(e))
            {
                events.Add(Unreadable(placeholder, row.Type, Reason(e)));
            }
        }

        return events;
    }

    /// <summary>The event's place in its stream with an <see cref="UnreadableStep"/> for its data; logged without content.</summary>
    private IEvent Unreadable(IEvent stored, string storedType, string reason)
    {
        logger.LogError(
            "Event {EventId} at sequence {Sequence} (version {Version} of stream {StreamId}), stored as {EventType}, cannot be read: {Reason}. It is shown as a step that could not be read",
            stored.Id, stored.Sequence, stored.Version, stored.StreamId, storedType, reason);
        return stored.Data is UnreadableStep
            ? stored
            : new Event<UnreadableStep>(new UnreadableStep(storedType))
            {
                Id = stored.Id,
                Sequence = stored.Sequence,
                Version = stored.Version,
                StreamId = stored.StreamId,
                Timestamp = stored.Timestamp,
                EventTypeName = storedType,
                UserName = stored.UserName,
                CorrelationId = stored.CorrelationId,
                CausationId = stored.CausationId,
                Headers = stored.Headers,
            };
    }

    /// <summary>
    /// Whether a failure is Marten's failing to read a stored event (an unknown type, JSON that does
    /// not deserialize, a column it did not expect empty), not the database failing: that one goes on
    /// to the problem mapping (503) like any other read's.
    /// </summary>
    private static bool CannotRead(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What went wrong, by exception type and JSON path only: an exception's message may quote the stored content.</summary>
    private static string Reason(Exception exception)
    {
        var types = new List<string>();
        string? path = null;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            types.Add(e.GetType().Name);
            path ??= (e as JsonException)?.Path;
        }

        return string.Join(" <- ", types) + (path is null ? "" : $" at {path}");
    }
}
