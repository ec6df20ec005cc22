using DoorbraakTafel.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DoorbraakTafel.Pages.Identity;

/// <summary>The demo-user picker of Development and tests; not there in Production (404).</summary>
public sealed class DevSignInModel(IWebHostEnvironment environment) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<IGrouping<Organisation, DemoUser>> UsersByOrganisation { get; } =
        [.. DemoUsers.All.GroupBy(u => u.Organisation)];

    public IActionResult OnGet() => environment.IsProduction() ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(string? userName)
    {
        if (environment.IsProduction())
        {
            return NotFound();
        }

        if (DemoUsers.Find(userName) is not { } user)
        {
            ModelState.AddModelError("userName", "Kies een van de demogebruikers hieronder.");
            return Page();
        }

        var identity = DevTokenIssuer.CookieIdentity(user, CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new(identity));
        return LocalRedirect(ReturnUrl is { Length: > 0 } && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
