using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DoorbraakTafel.Pages;

/// <summary>The Dutch web interface: Razor Pages over the same slices as the API, themed by NL Design System tokens.</summary>
public static class PagesModule
{
    public const string TeamLeadPolicy = "TeamLead";

    public static WebApplicationBuilder AddWebPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ThemeOptions>().Bind(builder.Configuration.GetSection(ThemeOptions.Section));
        builder.Services.AddAuthorizationBuilder().AddPolicy(TeamLeadPolicy, policy => policy.RequireRole(Roles.TeamLead, Roles.Admin));
        builder.Services.AddScoped<People>();
        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/");
            options.Conventions.AllowAnonymousToFolder("/Identity");
            options.Conventions.AuthorizeFolder("/Privacy", PrivacyModule.PrivacyOfficerPolicy);
            options.Conventions.AuthorizeFolder("/TeamLead", TeamLeadPolicy);
            options.Conventions.AuthorizeFolder("/Residents", CasesModule.CaseWorkPolicy);
            options.Conventions.AuthorizeFolder("/Actions", CasesModule.CaseWorkPolicy);
        }).AddMvcOptions(options =>
        {
            options.Filters.Add<PageErrors>();
            options.Filters.Add<FormText>();
        });
        builder.Services.AddScoped<PageErrors>();

        // A page the user may not see gets a Dutch page, not the cookie handler's default path.
        builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options =>
        {
            options.AccessDeniedPath = "/geen-toegang";
            if (builder.Environment.IsProduction())
            {
                options.LoginPath = "/inloggen";
            }
        });
        return builder;
    }

    public static WebApplication MapWebPages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}

/// <summary>
/// The design-token theme is configuration: a municipality names its own token stylesheet (served
/// from wwwroot or any URL of its own) and the class that activates it.
/// </summary>
public sealed class ThemeOptions
{
    public const string Section = "Theme";

    /// <summary>The stylesheet with the design tokens; the default is the NL Design System example theme.</summary>
    public string Stylesheet { get; set; } = "/lib/voorbeeld-design-tokens/theme.css";

    /// <summary>The class on the body that switches the tokens on.</summary>
    public string ClassName { get; set; } = "voorbeeld-theme";

    /// <summary>The name shown in the header, e.g. the municipality's.</summary>
    public string Name { get; set; } = "DoorbraakTafel";
}
