using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DoorbraakTafel.Pages.Identity;

/// <summary>Sign-in: Microsoft Entra ID (OpenID Connect) in Production, the demo-user picker elsewhere.</summary>
public sealed class SignInModel(IWebHostEnvironment environment) : PageModel
{
    public IActionResult OnGet(string? returnUrl)
    {
        var target = returnUrl is { Length: > 0 } && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        return environment.IsProduction()
            ? Challenge(new AuthenticationProperties { RedirectUri = target }, OpenIdConnectDefaults.AuthenticationScheme)
            : LocalRedirect($"/dev/sign-in?returnUrl={Uri.EscapeDataString(target)}");
    }
}
