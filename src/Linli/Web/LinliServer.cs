using System.Text.Encodings.Web;
using System.Text.Unicode;
using Linli.Data;
using Linli.Features;
using Linli.Features.Access;
using Linli.Features.Account;
using Linli.Features.Audit;
using Linli.Features.Setup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.WebEncoders;

namespace Linli.Web;

/// <summary>Builds the web application: services, then the request pipeline, then the routes.</summary>
public static class LinliServer
{
    /// <param name="configure">For tests: a last say over the builder (e.g. a logger that keeps every line).</param>
    public static WebApplication Build(LinliOptions options, string[]? args = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ApplicationName = typeof(LinliServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Lets the build output serve wwwroot (and the copied npm files) without a publish step.
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.AddLinliConsole();

        var target = DatabaseTarget.From(options);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(target);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => FieldCipher.OpenOrCreate(options.DataDir));
        if (target.IsPostgres) services.AddDbContext<LinliDb, PostgresLinliDb>(o => target.Apply(o));
        else services.AddDbContext<LinliDb, SqliteLinliDb>(o => target.Apply(o));

        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddDataProtection().SetApplicationName("linli").PersistKeysToDbContext<LinliDb>();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<Linli.Features.Registry.AreaOverview>();
        services.AddScoped<Linli.Features.Registry.ResidentSearch>();
        services.AddScoped<Linli.Features.Registry.RevealNumber>();
        services.AddScoped<Linli.Features.Registry.ResidentEditor>();
        services.AddScoped<Linli.Features.Registry.OutOfArea>();
        services.AddScoped<Linli.Features.Registry.Import.RosterImport>();
        services.AddScoped<Linli.Features.Registry.Exports.ExportApprovals>();
        services.AddSingleton<Linli.Features.Registry.Import.RosterUploads>();
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<SetupState>();
        services.AddUiTextLocalization();  // the JSON tables as IStringLocalizer: validation messages, ModelState errors, ProblemDetails
        // The audit page names what rows point at through the modules that own them (the log knows no module).
        services.AddScoped<IAuditNames, AccessAuditNames>();
        services.AddScoped<IAuditNames, Linli.Features.Registry.RegistryAuditNames>();

        services.AddIdentityCore<LinliUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<LinliDb>()
            .AddSignInManager()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<LettersAndDigitsValidator>()
            .AddDefaultTokenProviders();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(Cookies.Configure);
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPermissionPolicies();
        services.AddAntiforgery(o => { o.Cookie.Name = "linli.af"; o.HeaderName = "X-CSRF-TOKEN"; });
        services.AddLinliAccounts();      // access tokens on /api, common-password refusal, account use cases
        services.AddLinliAudit();         // the audit log, and refused requests written to it
        services.AddLoginRateLimit();     // password guessing: 429 per address and per user name

        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AllowAnonymousToPage("/Setup/Index");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/LoginWith2fa");
            o.Conventions.AllowAnonymousToPage("/Error");
        })
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(UiText)));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Linli 邻里 API";
            doc.Info.Description = "社区居委会工作台的接口。所有接口需要登录；错误以 ProblemDetails 返回。";
            return Task.CompletedTask;
        }));
        services.AddRequestLocalization(o =>
        {
            o.SetDefaultCulture(UiText.Default);
            o.AddSupportedCultures(UiText.Cultures);
            o.AddSupportedUICultures(UiText.Cultures);
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        configure?.Invoke(builder);
        var app = builder.Build();
        // The API answers errors as ProblemDetails; pages answer them with a page in the user's language.
        app.UseWhen(ctx => Cookies.IsApi(ctx.Request), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(ctx => !Cookies.IsApi(ctx.Request), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", AllowStatusCode404Response = true });
            pages.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        });
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        // Routing after the error handlers, so that a re-executed /Error request finds its page.
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseLoginRateLimit();
        app.UseAuthentication();
        app.UseSetupGate();
        app.UseTwoFactorForAdministrators();
        app.UseAuthorization();

        app.MapHealthEndpoints();
        app.MapCultureEndpoint();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGroup("/api/v1").MapApiV1();
        app.MapRazorPages();
        return app;
    }
}
