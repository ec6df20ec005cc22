using DoorbraakTafel.Meetings;
using Marten;
using Marten.Linq;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DoorbraakTafel.Tests.Live;

/// <summary>Every case event asks which meetings hold the case; meetings pile up over the years.</summary>
public sealed class AgendaLookupTests : AppTest
{
    [Test]
    public async Task The_meetings_that_hold_a_case_are_found_through_an_index_not_by_reading_every_meeting()
    {
        await using var query = App.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var caseId = Guid.NewGuid();
        // The live feed's lookup before a case event commits, as Marten sends it.
        var lookup = query.Query<MeetingBoard>().Where(MeetingBoard.OpenHolding(caseId)).ToCommand(FetchType.FetchMany);

        await using var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // With a handful of rows a sequential scan is cheaper; forbid it to see whether an index can serve.
        await using (var noScan = new NpgsqlCommand("set local enable_seqscan = off", connection, transaction))
        {
            await noScan.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("explain " + lookup.CommandText, connection, transaction);
        foreach (NpgsqlParameter parameter in lookup.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.That(string.Join('\n', plan), Does.Contain("Index Scan on mt_doc_meetingboard").Or.Contain("Bitmap Index Scan on mt_doc_meetingboard"));
    }
}
