using Microsoft.AspNetCore.Diagnostics;

using Microsoft.AspNetCore.Mvc;

namespace DoorbraakTafel.Infrastructure;

/// <summary>The one place where failures become RFC 9457 problem details.</summary>
public static class ProblemsModule
{
    public static WebApplicationBuilder AddProblems(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        // Malformed JSON or wrong types throw, so BadRequestHandler can name the field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    private sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException badRequest)
            {
                return false;
            }

            context.Response.StatusCode = badRequest.StatusCode;
            var detail = badRequest.InnerException is System.Text.Json.JsonException json
                ? $"The request body is not valid JSON for this endpoint at {json.Path}: {json.Message}"
                : badRequest.Message;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = new ProblemDetails { Status = badRequest.StatusCode, Title = "Invalid request", Detail = detail },
            });
        }
    }
}
