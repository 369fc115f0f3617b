"""User-facing text, Chinese by default, English on request. One table for CLI and GUI."""

from __future__ import annotations

import os

LANGUAGES = ("zh", "en")
_language = "zh"

MESSAGES: dict[str, tuple[str, str]] = {
    # errors
    "err.pin_incorrect": ("PIN 码错误，请重新输入。", "Wrong PIN, please try again."),
    "err.pin_incorrect_low": (
        "PIN 码错误。已多次输错，继续输错将锁定 USB Key。",
        "Wrong PIN. Several wrong attempts so far: more will lock the USB key.",
    ),
    "err.pin_incorrect_left": (
        "PIN 码错误，还剩 {tries} 次机会，再输错将锁定 USB Key。",
        "Wrong PIN: {tries} attempt(s) left before the USB key locks.",
    ),
    "err.pin_format.empty": ("PIN 码不能为空。", "The PIN is empty."),
    "err.pin_format.not_ascii": (
        "PIN 码只能包含英文字母、数字和符号（请检查输入法）。本次未提交给 USB Key，不计错误次数。",
        "The PIN may only contain ASCII letters, digits and symbols (check the input method). "
        "It was not sent to the key; no attempt was used.",
    ),
    "err.pin_format.too_short": (
        "PIN 码太短（至少 {min} 位）。本次未提交给 USB Key，不计错误次数。",
        "The PIN is too short (at least {min} characters). No attempt was used.",
    ),
    "err.pin_format.too_long": (
        "PIN 码太长（最多 {max} 位）。本次未提交给 USB Key，不计错误次数。",
        "The PIN is too long (at most {max} characters). No attempt was used.",
    ),
    "err.pin_format.rejected_by_key": (
        "USB Key 不接受这个 PIN 码的长度或字符（{min}–{max} 位）。",
        "The USB key refuses this PIN's length or characters ({min}–{max}).",
    ),
    "err.pin_locked": (
        "PIN 码已锁定，无法再使用这个 USB Key 签章。请联系发证机构或单位管理员解锁。",
        "The PIN is locked. Ask the issuing CA or your administrator to unlock the USB key.",
    ),
    "err.pin_missing": (
        "需要 PIN 码：请在终端中运行以输入 PIN，或设置环境变量 SEALDESK_PIN。",
        "A PIN is needed: run in a terminal to type it, or set SEALDESK_PIN.",
    ),
    "err.pin_mismatch": ("两次输入的新 PIN 码不一致。", "The two new PINs differ."),
    "err.token_not_found": (
        "未找到 USB Key{label}。请插入 USB Key 后重试。",
        "No USB key{label} found. Plug in the key and try again.",
    ),
    "err.token_not_found_available": (
        "未找到名为“{label}”的 USB Key。当前插入的有：{available}。",
        "No USB key named '{label}'. Present: {available}.",
    ),
    "err.token_ambiguous": (
        "插入了多个 USB Key（{labels}），请用 --token 指定一个。",
        "Several USB keys are present ({labels}); choose one with --token.",
    ),
    "err.token_removed": (
        "USB Key 已被拔出或无法访问，操作已取消。请重新插入后再试。",
        "The USB key was removed or cannot be reached; the operation was cancelled. "
        "Plug it in and try again.",
    ),
    "err.module_missing": (
        "找不到 USB Key 驱动（PKCS#11 模块）：{path}。请安装 USB Key 厂商的驱动，"
        "或用 --module 指定模块文件。",
        "USB key driver (PKCS#11 module) not found: {path}. Install the vendor's driver or "
        "name the module file with --module.",
    ),
    "err.module_missing_none": (
        "没有配置 USB Key 驱动，也没有自动找到已知厂商的驱动。请安装驱动，或用 --module 指定。",
        "No USB key driver is configured and none of the known vendors' drivers was found. "
        "Install one or use --module.",
    ),
    "err.module_invalid": (
        "“{path}”不是可用的 USB Key 驱动（PKCS#11 模块）：{reason}",
        "'{path}' is not a usable USB key driver (PKCS#11 module): {reason}",
    ),
    "err.not_supported": (
        "这个 USB Key 不支持该操作（{what}）。",
        "This USB key does not support this ({what}).",
    ),
    "err.object_not_found": ("USB Key 中没有找到：{what}", "Not found on the USB key: {what}"),
    "err.not_logged_in": ("该操作需要先输入 PIN 码。", "This needs the PIN first."),
    "err.write_verify": (
        "写入 USB Key 的数据“{label}”校验失败，已保留原有数据。",
        "Writing '{label}' to the USB key did not verify; the previous data was kept.",
    ),
    "err.device": (
        "USB Key 操作失败：{detail}。请重新插入 USB Key 后再试。",
        "The USB key failed: {detail}. Re-plug the key and try again.",
    ),
    "err.settings": ("设置文件有误：{detail}", "The settings file is invalid: {detail}"),
    "err.usage": ("{detail}", "{detail}"),
    "err.demo": ("无法创建演示 USB Key：{detail}", "Cannot create the demo USB key: {detail}"),
    "err.no_pcsc": (
        "无法监视 USB Key：既没有智能卡服务（pcscd），也没有可轮询的驱动。",
        "Cannot watch keys: no smart-card service (pcscd) and no module to poll.",
    ),
    "err.internal": (
        "发生了意外错误，详细信息已写入日志：{log}",
        "An unexpected error occurred; details are in the log: {log}",
    ),
    "err.seal_malformed": (
        "印章或签章数据格式错误，无法读取：{detail}",
        "The seal or seal signature is malformed: {detail}",
    ),
    "err.seal_type": (
        "印章类型“{value}”无效：用 1/unit、2/personal 或 3/legal。",
        "Seal type '{value}' is invalid: use 1/unit, 2/personal or 3/legal.",
    ),
    "err.key_password": (
        "密钥文件的密码不正确（SEALDESK_PIN）。",
        "The key file's password is wrong (SEALDESK_PIN).",
    ),
    "err.key_file": (
        "密钥或证书文件无法使用：{detail}",
        "The key or certificate file cannot be used: {detail}",
    ),
    "err.output_exists": (
        "输出文件已存在：{path}（用 --overwrite 覆盖）",
        "The output file exists: {path} (use --overwrite)",
    ),
    "err.file_unreadable": ("无法读取文件 {path}：{detail}", "Cannot read {path}: {detail}"),
    # OFD rendering (sealdesk ofd render / to-pdf)
    "ok.ofd_rendered": (
        "已生成 {path}（第 {page} 页，{dpi} dpi）",
        "Wrote {path} (page {page}, {dpi} dpi)",
    ),
    "ok.ofd_pdf": (
        "已转换为 PDF：{path}（{pages} 页）",
        "Converted to PDF: {path} ({pages} pages)",
    ),
    "err.ofd_page": (
        "OFD 文件没有第 {page} 页（共 {count} 页）",
        "No page {page} in the OFD file ({count} pages)",
    ),
    "err.ofd_dpi": ("分辨率必须大于 0：{dpi}", "The resolution must be above 0: {dpi}"),
    "err.file_io": ("文件操作失败 {path}：{detail}", "File operation failed on {path}: {detail}"),
    "err.seal_style": (
        "印章样式“{value}”无效，可选：{styles}",
        "Unknown seal style '{value}': {styles}",
    ),
    "err.no_svg": ("导入的图片只能保存为 PNG。", "An imported image can only be saved as PNG."),
    "err.seal_image": ("{detail}", "{detail}"),
    "err.one_output": (
        "-o 只能用于一个输入文件；多个文件请用 --out-dir。",
        "-o takes one input file; use --out-dir for several.",
    ),
    "err.place_needs_seal": (
        "--place 需要印章：--seal 或 --image。",
        "--place needs a seal: --seal or --image.",
    ),
    "err.seal_needs_token": (
        "印章“{name}”要从 USB Key 读取：请用 --token，或给出 .esl 文件。",
        "Seal '{name}' is read from the USB key: use --token or a .esl file.",
    ),
    "verdict.valid": ("有效", "valid"),
    "verdict.invalid": ("无效", "INVALID"),
    "verdict.indeterminate": ("无法确定", "indeterminate"),
    "verdict.unsigned": ("没有签名", "no signature"),
    "time.timestamp": ("时间戳", "timestamp"),
    "time.claimed": ("签署人声称", "claimed"),
    "err.output_is_input": (
        "输出文件不能是输入文件本身：{path}（输入文件从不修改）。",
        "The output cannot be an input: {path} (inputs are never changed).",
    ),
    "err.output_twice": (
        "两个输入文件会写到同一个输出文件：{path}。",
        "Two inputs would be written to the same output: {path}.",
    ),
    "err.not_certificate": ("不是证书文件：{path}", "Not a certificate file: {path}"),
    # results
    "ok.pin_verified": ("PIN 码正确（{label}）。", "PIN correct ({label})."),
    "ok.pin_changed": ("PIN 码已修改（{label}）。", "PIN changed ({label})."),
    "ok.demo_ready": ("演示 USB Key 已就绪：{folder}", "Demo USB key ready: {folder}"),
    "ok.demo_created": ("已创建演示 USB Key：{folder}", "Demo USB key created: {folder}"),
    "ok.demo_env": ("使用方法（在 shell 中执行）：", "To use it (in your shell):"),
    "ok.seal_image": (
        "已生成印章图片：{path}（{w:.0f}×{h:.0f} mm）",
        "Seal image written: {path} ({w:.0f}×{h:.0f} mm)",
    ),
    "ok.sign_summary": (
        "签章完成：成功 {signed} 个，失败 {failed} 个，未处理 {cancelled} 个。",
        "Signed {signed}, failed {failed}, not processed {cancelled}.",
    ),
    "ok.seal_built": ("已制作印章“{name}”：{path}", "Seal '{name}' made: {path}"),
    "ok.seal_written": ("已将印章写入 USB Key：{label}", "Seal written to the USB key: {label}"),
    "ok.seal_read": ("已从 USB Key 读出印章“{label}”：{path}", "Seal '{label}' read to {path}"),
    "ok.seal_deleted": ("已从 USB Key 删除印章：{label}", "Seal deleted from the USB key: {label}"),
    "seal.name": ("印章名称", "Seal"),
    "seal.maker": ("制章人", "Maker"),
    "seal.signers": ("授权证书", "Certificates allowed to use it"),
    "seal.digest": ("证书摘要", "certificate digest"),
    "seal.picture": ("印章图片", "Picture"),
    "seal.checks": ("检查结果", "Checks"),
    "seal.signature": ("签章", "Signed by"),
    "seal.none_in_key": ("USB Key 中没有印章。", "No seal in the USB key."),
    "prompt.key_password": ("密钥文件密码：", "Key file password: "),
    "prompt.pin": ("请输入 USB Key “{label}” 的 PIN 码：", "PIN for USB key '{label}': "),
    "prompt.old_pin": ("当前 PIN 码：", "Current PIN: "),
    "prompt.new_pin": ("新 PIN 码：", "New PIN: "),
    "prompt.new_pin_again": ("再次输入新 PIN 码：", "New PIN again: "),
    "watch.started": (
        "正在监视 USB Key 插拔（{source}），按 Ctrl+C 结束。",
        "Watching USB keys ({source}); Ctrl+C to stop.",
    ),
    "event.reader-added": ("读卡器接入", "reader added"),
    "event.reader-removed": ("读卡器移除", "reader removed"),
    "event.card-inserted": ("USB Key 插入", "key inserted"),
    "event.card-removed": ("USB Key 拔出", "key removed"),
    # tables
    "col.label": ("名称", "Label"),
    "col.serial": ("序列号", "Serial"),
    "col.manufacturer": ("厂商", "Manufacturer"),
    "col.model": ("型号", "Model"),
    "col.pin": ("PIN 状态", "PIN"),
    "pin.ok": ("正常", "ok"),
    "pin.count_low": ("已输错过", "wrong attempts"),
    "pin.final_try": ("最后一次机会", "final try"),
    "pin.locked": ("已锁定", "locked"),
    "pin.to_be_changed": ("需修改", "must be changed"),
    "info.module": ("PKCS#11 模块", "PKCS#11 module"),
    "info.vendor": ("厂商配置", "Vendor profile"),
    "info.certificates": ("证书", "Certificates"),
    "info.data_objects": ("数据对象", "Data objects"),
    "info.none": ("（无）", "(none)"),
    "cert.subject": ("主体", "Subject"),
    "cert.issuer": ("颁发者", "Issuer"),
    "cert.validity": ("有效期", "Validity"),
    "cert.credit_code": ("统一社会信用代码", "Unified social credit code"),
    "cert.entity_id": ("实体唯一标识", "Entity unique ID"),
    "cert.device_id": ("介质唯一标识", "Device unique ID"),
    "cert.key": ("密钥", "Key"),
    "cert.source": ("来源", "from"),
    "source.option": ("命令行 --module", "--module option"),
    "source.environment": ("环境变量 SEALDESK_PKCS11_MODULE", "SEALDESK_PKCS11_MODULE"),
    "source.settings": ("设置文件", "settings file"),
    "source.detected": ("自动检测", "auto-detected"),
    "no_tokens": ("未检测到 USB Key。", "No USB key present."),
    # GUI
    "gui.title": ("SealDesk 电子印章", "SealDesk e-seals"),
    "gui.key_present": (
        "USB Key 已连接：{label}（{manufacturer}）",
        "USB key connected: {label} ({manufacturer})",
    ),
    "gui.key_absent": ("未检测到 USB Key，请插入。", "No USB key. Please plug one in."),
    "gui.key_many": ("已连接 {count} 个 USB Key", "{count} USB keys connected"),
    "gui.module_line": ("驱动：{path}（{source}）", "Driver: {path} ({source})"),
    "gui.verify_pin": ("验证 PIN…", "Verify PIN…"),
    "gui.refresh": ("刷新", "Refresh"),
    "gui.events": ("插拔记录", "Events"),
    "gui.keys": ("USB Key", "USB keys"),
    "gui.watching": ("开始监视 USB Key 插拔（{source}）", "Watching USB keys ({source})"),
    "gui.busy": ("正在读取 USB Key…", "Reading the USB key…"),
    "gui.pin_title": ("输入 PIN 码", "Enter PIN"),
    "gui.cert_label": ("标签", "Label"),
    "gui.cert_unit": ("单位", "Unit"),
    "gui.cert_valid_to": ("有效期至", "Valid until"),
}


def set_language(lang: str | None) -> str:
    """Choose the language: the argument, else $SEALDESK_LANG, else Chinese."""
    global _language
    chosen = (lang or os.environ.get("SEALDESK_LANG") or "zh").lower()[:2]
    _language = chosen if chosen in LANGUAGES else "zh"
    return _language


def language() -> str:
    return _language


def tr(key: str, **fields: object) -> str:
    """The message ``key`` in the current language, with ``fields`` filled in."""
    zh, en = MESSAGES[key]
    return (en if _language == "en" else zh).format(**fields)
