using DoorbraakTafel.Cases;
using DoorbraakTafel.Demo;
using DoorbraakTafel.Export;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Live;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Pages;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Tables;

var builder = WebApplication.CreateBuilder(args);

builder.AddStructuredLogging();
builder.AddProblems();
builder.AddIdentity();
builder.AddCaseStore((options, services) =>
{
    options.RegisterTables();
    options.RegisterMeetings();
    options.RegisterCases();
    options.RegisterLive();
    options.RegisterPrivacy();
});
builder.AddJobs();
builder.AddCases();
builder.AddLive();
builder.AddPrivacy();
builder.AddExport();
builder.AddDemoSeed();
builder.AddApiDescription();
builder.AddWebPages();

var app = builder.Build();
await app.ApplyDatabaseSchemaAsync();

// A hub's WebSocket request lasts the whole meeting and can get no error page: without these two
// middleware frames waiting on it, each connection holds some 0.3 KB less (docs/benchmarks.md).
// Told by its Upgrade header, since the WebSocket feature is only added inside the hub's endpoint.
app.UseWhen(context => !string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase), web =>
{
    web.UseSecurityHeaders();
    web.UseExceptionHandler();
    web.UseStatusCodePages();
});
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseIdempotencyKeys();

app.MapOpenApi();
// Every API endpoint checks its request's texts, enums and lists before its handler runs, and its
// description names the problems it can answer.
var api = app.MapGroup("").AddEndpointFilterFactory(StrictInput.Filter).DescribeProblems();
app.MapHealth();
app.MapJobsDashboard();
if (!app.Environment.IsProduction())
{
    api.MapDevSignIn();
}

api.MapTables();
api.MapMeetings();
api.MapCases();
app.MapLive();
api.MapPrivacy();
api.MapExport();
app.MapWebPages();

app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
