using System.Globalization;
using System.Text;

namespace DoorbraakTafel.Privacy.Disclosures;

/// <summary>The privacy officer's search of the disclosure log, as JSON or as CSV.</summary>
internal static class DisclosureSearch
{
    public static async Task<IResult> Handle(string? residentId, string? userId, string? organisationId, string? caseId, DateTimeOffset? from, DateTimeOffset? until,
        DisclosureLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(await log.SearchAsync(new DisclosureFilter(residentId, userId, organisationId, caseId, from, until), cancellationToken));

    public static async Task<IResult> HandleCsv(string? residentId, string? userId, string? organisationId, string? caseId, DateTimeOffset? from, DateTimeOffset? until,
        DisclosureLog log, CancellationToken cancellationToken)
    {
        var rows = await log.SearchAsync(new DisclosureFilter(residentId, userId, organisationId, caseId, from, until, Limit: 100_000), cancellationToken);
        var csv = new StringBuilder("id,at,user_id,role,organisation_id,organisation_type,purpose,processing_activity_id,legal_bases,consent_ids,data_subject,categories_shown,categories_redacted,channel,object_type,object_id,object_version,trace_id,span_id,policy_version,hash\n");
        foreach (var row in rows)
        {
            var r = row.Record;
            string?[] fields =
            [
                row.Id.ToString(CultureInfo.InvariantCulture), r.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), r.UserId, r.Role, r.OrganisationId, r.OrganisationType,
                r.Purpose, r.ProcessingActivityId, r.LegalBases, r.ConsentIds, r.DataSubject, r.CategoriesShown, r.CategoriesRedacted, r.Channel.ToString(),
                r.ObjectType, r.ObjectId, r.ObjectVersion.ToString(CultureInfo.InvariantCulture), r.TraceId, r.SpanId, r.PolicyVersion, row.Hash,
            ];
            csv.AppendJoin(',', fields.Select(Escape)).Append('\n');
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "verstrekkingen.csv");
    }

    private static string Escape(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
