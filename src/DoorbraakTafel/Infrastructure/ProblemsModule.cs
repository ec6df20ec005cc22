using JasperFx;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace DoorbraakTafel.Infrastructure;

/// <summary>The one place where failures become RFC 9457 problem details.</summary>
public static class ProblemsModule
{
    public static WebApplicationBuilder AddProblems(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemHandler>();
        // Malformed JSON or wrong types throw, so ProblemHandler can name the field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => options.SerializerOptions.Converters.Add(new StrictEnumConverter()));
        return builder;
    }

    private sealed class ProblemHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var problem = exception switch
            {
                InvalidRequest invalid => new HttpValidationProblemDetails(invalid.Errors)
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "One or more fields are invalid",
                },
                Rejected rejected => WithField(new ProblemDetails { Status = rejected.Status, Title = rejected.Title, Detail = rejected.Message }, rejected.Field),
                BadHttpRequestException { InnerException: System.Text.Json.JsonException json } bad => WithField(new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = "Invalid request",
                    Detail = $"The request body does not fit this endpoint at {json.Path}: {json.Message}",
                }, FieldOf(json.Path)),
                BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Invalid request", Detail = bad.Message },
                _ when DatabaseUnavailable(exception) => new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Database unavailable",
                    Detail = $"The database did not answer in time or could not be reached; nothing was written. Try again in {RetryAfterSeconds} seconds.",
                },
                // Marten's optimistic concurrency: the stream moved on since the version the client named.
                ConcurrencyException => new ProblemDetails
                {
                    Status = StatusCodes.Status412PreconditionFailed,
                    Title = "Changed by someone else",
                    Detail = "The item changed since the version in If-Match. Read it again and retry; nothing was written.",
                },
                _ => null,
            };
            if (problem is null)
            {
                return false;
            }

            context.Response.StatusCode = problem.Status!.Value;
            if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
        }

        /// <summary>Long enough for a restarted or failed-over PostgreSQL to take connections again, short enough for a person waiting at a form.</summary>
        private const int RetryAfterSeconds = 5;

        /// <summary>
        /// PostgreSQL cannot be reached or did not answer in time: a connection refused or broken,
        /// a command or pool timeout, the server shutting down or refusing connections. Marten and
        /// Hangfire wrap these, so the whole chain of inner exceptions is searched. A PostgreSQL
        /// error about the statement itself (a constraint, a syntax error) is not among them.
        /// </summary>
        private static bool DatabaseUnavailable(Exception exception)
        {
            for (Exception? e = exception; e is not null; e = e.InnerException)
            {
                if (e is PostgresException postgres ? postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                    : e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The field a JSON path names, as the other problems name it: "$.costComparison.current[0].period" is "costComparison.current[0].period".</summary>
        private static string? FieldOf(string? path) => path is null || path.Length <= 2 || !path.StartsWith("$.", StringComparison.Ordinal) ? null : path[2..];

        private static ProblemDetails WithField(ProblemDetails problem, string? field)
        {
            if (field is not null)
            {
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [problem.Detail!] };
            }

            return problem;
        }
    }
}
