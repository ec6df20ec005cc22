using DoorbraakTafel.Infrastructure;
using Microsoft.Extensions.Options;

namespace DoorbraakTafel.Pages;

/// <summary>
/// Headers that keep a page from being framed, sniffed or fed script from elsewhere, on every
/// response. The pages load scripts and styles from their own files only (wwwroot), so the
/// Content-Security-Policy allows no inline script or style; the theme's token stylesheet may
/// live on the municipality's own origin, which the policy then names. The Hangfire dashboard
/// brings inline script of its own and gets no policy. Set as the response starts, so an error
/// page that cleared the headers before gets them too.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var policy = ContentSecurityPolicy(app.ApplicationServices.GetRequiredService<IOptions<ThemeOptions>>().Value);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                // Page addresses name cases and residents by id: they never leave the app in a Referer.
                headers["Referrer-Policy"] = "same-origin";
                if (!context.Request.Path.StartsWithSegments(JobsModule.DashboardPath))
                {
                    headers.ContentSecurityPolicy = policy;
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    public static string ContentSecurityPolicy(ThemeOptions theme)
    {
        var styles = Uri.TryCreate(theme.Stylesheet, UriKind.Absolute, out var stylesheet) && stylesheet.Scheme is "https" or "http"
            ? $"'self' {stylesheet.GetLeftPart(UriPartial.Authority)}"
            : "'self'";
        return $"default-src 'self'; script-src 'self'; style-src {styles}; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
    }
}
