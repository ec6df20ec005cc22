namespace DoorbraakTafel.Privacy.Policy;

public static class PolicyModule
{
    public const string PathSetting = "Privacy:PolicyPath";

    /// <summary>The policy shipped with the app: privacy/policy.json, copied to the output by the project file.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "privacy", "policy.json");

    /// <summary>
    /// Loads the sharing policy now rather than on first use, so an invalid policy stops the start
    /// with every fault named instead of failing the first read of case data.
    /// </summary>
    public static WebApplicationBuilder AddSharingPolicy(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[PathSetting];
        var path = string.IsNullOrWhiteSpace(configured)
            ? DefaultPath
            : Path.GetFullPath(configured, builder.Environment.ContentRootPath);
        var policy = PolicyLoader.Load(path);
        builder.Services.AddSingleton(policy);
        builder.Services.AddSingleton(new PolicyText(File.ReadAllText(path)));
        builder.Services.AddHostedService<PolicyHistory>();
        return builder;
    }
}
