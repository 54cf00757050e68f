using Linli.Web;
using Microsoft.AspNetCore.Identity;

namespace Linli.Features.Access;

/// <summary>A password needs letters as well as digits (length and digits are Identity's own options).</summary>
sealed class LettersAndDigitsValidator : IPasswordValidator<LinliUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<LinliUser> manager, LinliUser user, string? password) =>
        Task.FromResult(password is not null && password.Any(char.IsLetter)
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "PasswordRequiresLetter", Description = "密码必须同时包含字母和数字。" }));
}

/// <summary>Identity's messages in the office's language, and then in the reader's.</summary>
sealed class ChineseIdentityErrors(UiText say) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = say["密码至少需要{0}个字符。", length] };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "密码必须同时包含字母和数字。" };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = say["用户名“{0}”已被使用。", userName] };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = "用户名只能包含字母、数字和 - . _ @ +。" };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "密码不正确。" };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "操作未能完成。" };
}

/// <summary>Refuses the passwords everyone tries first (<see cref="CommonPasswords"/>) and passwords that contain the user name.</summary>
sealed class CommonPasswordValidator : IPasswordValidator<LinliUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<LinliUser> manager, LinliUser user, string? password)
    {
        if (password is null) return Task.FromResult(IdentityResult.Success);
        if (CommonPasswords.Contains(password))
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordTooCommon", Description = "这个密码太常见，很容易被猜中，请换一个。" }));
        if (user.UserName is { Length: >= 3 } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordContainsUserName", Description = "密码不能包含用户名。" }));
        return Task.FromResult(IdentityResult.Success);
    }
}
