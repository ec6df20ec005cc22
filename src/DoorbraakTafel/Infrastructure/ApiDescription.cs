using System.Reflection;
using System.Runtime.CompilerServices;
using DoorbraakTafel.Cases.Deciding;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DoorbraakTafel.Infrastructure;

/// <summary>
/// The API description at /openapi/v1.json, from which integrators generate their clients
/// (docs/decisions.md: the API description tells the truth). Each endpoint names its operation
/// (WithName) and its answer (Produces); the problems it can answer follow from what it is
/// (<see cref="DescribeProblems"/>), and a write that takes If-Match says so (<see cref="TakesIfMatch"/>).
/// </summary>
public static class ApiDescription
{
    /// <summary>The app's informational version (its version and commit), so a client says which description it was made from.</summary>
    private static readonly string Version =
        typeof(ApiDescription).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    /// <summary>The names more than one type of the app bears: a nested one among them is named with its declaring type.</summary>
    private static readonly HashSet<string> SharedNames = [.. typeof(ApiDescription).Assembly.GetTypes()
        .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute)))
        .GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key)];

    public static WebApplicationBuilder AddApiDescription(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.CreateSchemaReferenceId = type => OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } id ? SchemaName(type.Type, id) : null;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Version = Version;
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer(StrictInput.DescribeEnums);
            options.AddSchemaTransformer(StrictInput.DescribeLists);
            options.AddSchemaTransformer(AmountAttribute.Describe);
            options.AddOperationTransformer(DescribeIfMatch);
            options.AddOperationTransformer(DescribeFile);
        });
        return builder;
    }

    /// <summary>
    /// A schema is named after its type. A slice names its records by their role (OpenCase.Request,
    /// CaseTimeline.Entry), so a nested type whose name is one word, or another type's name too, is
    /// named with its declaring type (OpenCaseRequest, CaseTimelineEntry): two slices' records never
    /// share one schema, which would describe one of them wrongly. A longer name says what it is
    /// already (RecordDecision.CostItemRequest is CostItemRequest).
    /// </summary>
    public static string SchemaName(Type type, string id) =>
        type is { IsNested: true, DeclaringType: { } declaring } && (type.Name.Skip(1).All(c => !char.IsUpper(c)) || SharedNames.Contains(type.Name))
            ? declaring.Name + id
            : id;

    /// <summary>
    /// Adds to every endpoint of <paramref name="api"/> the problems (RFC 9457 problem details, as
    /// ProblemsModule writes them) that follow from what it is: 400 for a request the app cannot
    /// read or store faithfully (strict input, malformed JSON, a malformed header); 401 where it needs
    /// a signed-in user; 403 where it needs a role, and on every write, which refuses whoever may not
    /// make it; 404 where its path names something; 422 on a write (a business rule, an
    /// Idempotency-Key used for another request). What is an endpoint's own it declares next to its
    /// route: 409 and a read's 403 of the privacy gate with ProducesProblem, 412 with <see cref="TakesIfMatch"/>.
    /// </summary>
    public static TBuilder DescribeProblems<TBuilder>(this TBuilder api)
        where TBuilder : IEndpointConventionBuilder
    {
        // Finally: after the endpoint's own conventions, so its authorization and answers are known.
        api.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            var write = metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).Any(m => m is not ("GET" or "HEAD"));
            var signedIn = (metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<AuthorizationPolicy>().Any()) && !metadata.OfType<IAllowAnonymous>().Any();
            var role = signedIn && (metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null)
                || metadata.OfType<AuthorizationPolicy>().Any(p => p.Requirements.Any(r => r is not DenyAnonymousAuthorizationRequirement)));
            Add(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
            if (signedIn)
            {
                Add(StatusCodes.Status401Unauthorized);
            }

            if (role || (signedIn && write))
            {
                Add(StatusCodes.Status403Forbidden);
            }

            if (endpoint is RouteEndpointBuilder { RoutePattern.Parameters.Count: > 0 })
            {
                Add(StatusCodes.Status404NotFound);
            }

            if (signedIn && write)
            {
                Add(StatusCodes.Status422UnprocessableEntity);
            }

            void Add(int status, Type? type = null)
            {
                if (!metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
                {
                    metadata.Add(new ProducesResponseTypeMetadata(status, type ?? typeof(ProblemDetails), ["application/problem+json"]));
                }
            }
        });
        return api;
    }

    /// <summary>Describes an answer that is a file (a PDF, a CSV, a key): its bytes, of <paramref name="contentType"/>.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder endpoint, string contentType) =>
        endpoint.WithMetadata(new FileAnswer(contentType)).Produces(StatusCodes.Status200OK, contentType: contentType);

    private sealed record FileAnswer(string ContentType);

    /// <summary>A file's bytes are described where they are answered, as a binary string, rather than as a schema named after a type (IFormFile).</summary>
    private static Task DescribeFile(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<FileAnswer>().FirstOrDefault() is { } file
            && operation.Responses?.TryGetValue("200", out var answer) == true && answer is OpenApiResponse response)
        {
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[file.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The write decides on the version the client names in If-Match, the ETag it read, and answers
    /// 412 when the item has moved on since (docs/decisions.md: one write path). A write that starts
    /// a stream or stores a document whole takes none.
    /// </summary>
    public static RouteHandlerBuilder TakesIfMatch(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new IfMatch()).ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private sealed record IfMatch;

    private static Task DescribeIfMatch(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IfMatch>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Description = "The version the write is decided on, as the ETag gave it (\"3\"): 412 when the item has changed since, and nothing is written. "
                    + "Without it the write is decided on the current state.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        return Task.CompletedTask;
    }
}
