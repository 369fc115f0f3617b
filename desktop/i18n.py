"""User-facing text, Chinese by default, English on request. One table for CLI and GUI.

The GUI takes its words through Qt's translation system: the Chinese text is the source, the
key its disambiguation, and the English comes from resources/i18n/sealdesk_en.qm, made from
this table by scripts/make_translations.py (Qt Linguist can open the .ts next to it).

Long because it is the table: every message, both languages, side by side.
"""

from __future__ import annotations

import os
from collections.abc import Callable

LANGUAGES = ("zh", "en")
QT_CONTEXT = "SealDesk"
_language = "zh"
_qt_translate: Callable[[str, str], str] | None = None

MESSAGES: dict[str, tuple[str, str]] = {
    # errors
    "err.pin_incorrect": ("PIN 码错误，请重新输入。", "Wrong PIN, please try again."),
    "err.pin_incorrect_low": (
        # PKCS#11's "count low" means a wrong PIN since the last login, however many
        "PIN 码错误，请重新输入。连续输错多次将锁定 USB Key。",
        "Wrong PIN, please try again. Repeated wrong PINs lock the USB key.",
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
    "err.password_missing": (
        "需要登录密码：请在终端中运行以输入密码，或设置环境变量 SEALDESK_PASSWORD。",
        "The login password is needed: run in a terminal to type it, or set SEALDESK_PASSWORD.",
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
    "seal.capped": (
        "印章有效期截止到 {end}：证书“{cert}”在那时到期，印章不能比它所列的证书用得更久。",
        "The seal is valid until {end}: the certificate '{cert}' expires then, and a seal "
        "cannot outlive the certificates it names.",
    ),
    "hint.pdf_password": (
        "（命令行：把密码放在环境变量 SEALDESK_PDF_PASSWORD 里）",
        "(command line: put the password in the SEALDESK_PDF_PASSWORD variable)",
    ),
    "gui.pdf_password_title": ("输入 PDF 打开密码", "PDF password"),
    "gui.pdf_password_ask": (
        "“{name}”已加密，请输入打开密码以验证其中的签名（密码只用于这个文件，不会保存）。",
        "'{name}' is encrypted: enter its password to verify its signatures (used for this "
        "file only, never saved).",
    ),
    "sign.with_certificate": ("用证书签署：{name}", "Signing with the certificate: {name}"),
    "err.no_display": (
        "没有找到显示器（DISPLAY 未设置），无法打开窗口。在没有屏幕的机器上请使用命令行"
        "（sealdesk --help），或在虚拟屏幕上运行：xvfb-run -a sealdesk gui",
        "No display found (DISPLAY is not set): the window cannot open. Without a screen use "
        "the command line (sealdesk --help), or run on a virtual screen: xvfb-run -a sealdesk gui",
    ),
    "err.display_unreachable": (
        "无法连接显示器 {display}，无法打开窗口。请检查 X 服务器是否在运行，或在虚拟屏幕上运行："
        "xvfb-run -a sealdesk gui",
        "The display {display} cannot be reached: the window cannot open. Check that the X "
        "server runs, or run on a virtual screen: xvfb-run -a sealdesk gui",
    ),
    "records.none": ("还没有文件记录。", "No file records yet."),
    "err.store": (
        "本地数据库无法使用，这次不保存文件记录：{detail}",
        "The local database cannot be used; no file records are kept this time: {detail}",
    ),
    "err.demo": ("无法创建演示 USB Key：{detail}", "Cannot create the demo USB key: {detail}"),
    "err.demo_folder_not_empty": (
        "文件夹 {folder} 里已有其他文件，不是演示 USB Key 的文件夹：未做任何改动。"
        "请指定一个空文件夹或新文件夹（--dir）。",
        "The folder {folder} holds other files and is not a demo key folder: nothing was "
        "changed. Give an empty or new folder (--dir).",
    ),
    "err.demo_folder_not_a_folder": (
        "{folder} 是一个文件，不是文件夹：未做任何改动。",
        "{folder} is a file, not a folder: nothing was changed.",
    ),
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
    "err.disk_full": (
        "磁盘空间不足，无法写入 {path}（未留下不完整的文件）。请腾出空间后重试。",
        "The disk is full: {path} could not be written (no partial file was left). "
        "Free some space and try again.",
    ),
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
    "err.cross_group_alone": (
        "--cross-page-group 需要与 --cross-page 一起使用。",
        "--cross-page-group goes with --cross-page.",
    ),
    "sign.cross_groups": (
        "骑缝章：{total} 页分 {groups} 组，每组 {pages} 页盖一个完整的印章，"
        "每条至少 {strip:.1f} 毫米。",
        "Cross-page seal: {total} pages in {groups} group(s) of {pages} pages, each group a "
        "whole seal, strips at least {strip:.1f} mm.",
    ),
    "err.seal_needs_token": (
        "印章“{name}”要从 USB Key 读取：请用 --token，或给出 .esl 文件。",
        "Seal '{name}' is read from the USB key: use --token or a .esl file.",
    ),
    "verdict.valid": ("有效", "valid"),
    "verdict.invalid": ("无效", "INVALID"),
    "verdict.indeterminate": ("无法确定", "indeterminate"),
    "verdict.unsigned": ("没有签名", "no signature"),
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
    "prompt.key_password": ("密钥文件 {path} 的密码：", "Password of the key file {path}: "),
    "prompt.password": ("{phone} 的登录密码：", "Login password of {phone}: "),
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
    "gui.title_demo": ("演示模式（信任演示根证书）", "demo mode (demo roots trusted)"),
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
    # GUI: the window and its pages (issue 8)
    "nav.home": ("首页", "Home"),
    "nav.sign": ("文件签章", "Sign files"),
    "nav.verify": ("签章验证", "Verify"),
    "nav.seals": ("印章", "Seals"),
    "nav.records": ("文件记录", "Signed files"),
    "nav.settings": ("设置", "Settings"),
    "menu.file": ("文件(&F)", "&File"),
    "menu.view": ("视图(&V)", "&View"),
    "menu.recent": ("最近打开", "Open recent"),
    "menu.quit": ("退出", "Quit"),
    "gui.err_unexpected": (
        "出现了意外的问题（{detail}）。请重试；如果再次出现，请把这句话发给技术支持。",
        "Something unexpected went wrong ({detail}). Try again; if it happens again, "
        "send this sentence to support.",
    ),
    "gui.seals_in_key": ("USB Key 中的印章", "Seals in the USB key"),
    "gui.seal_unreadable": ("无法读取", "unreadable"),
    "gui.valid_to_short": ("有效期至", "valid to"),
    "gui.cert_expires_soon": (
        "证书“{label}”将在 {days} 天后（{date}）过期，请尽快联系发证机构更新。",
        "Certificate '{label}' expires in {days} days ({date}): ask the CA to renew it soon.",
    ),
    "gui.cert_expired": (
        "证书“{label}”已于 {date} 过期，不能再用于签章。请联系发证机构更新。",
        "Certificate '{label}' expired on {date} and can no longer sign. Ask the CA to renew it.",
    ),
    "gui.pin_hint": (
        "PIN 码只发给 USB Key，不会被保存。",
        "The PIN goes to the USB key only and is never stored.",
    ),
    "gui.pin_count_low": (
        "自上次登录以来输错过 PIN 码；连续输错多次将锁定 USB Key。",
        "A wrong PIN was entered since the last login; repeated wrong PINs lock the USB key.",
    ),
    "gui.pin_final_try": (
        "最后一次机会：再输错一次，USB Key 将被锁定。",
        "Last attempt: one more wrong PIN locks the USB key.",
    ),
    "gui.open_file": ("打开文件…", "Open file…"),
    "gui.no_file": (
        "打开或拖入 PDF / OFD 文件开始签章（可一次多个）",
        "Open or drop PDF / OFD files to start signing (several at once)",
    ),
    "gui.file_line": ("{name}（共 {pages} 页）", "{name} ({pages} pages)"),
    "gui.pdf_filter": ("PDF 文件", "PDF files"),
    "gui.signed_filter": ("已签署文件", "Signed files"),
    "gui.image_filter": ("图片", "Images"),
    "gui.cert_filter": ("证书", "Certificates"),
    "gui.zoom_in": ("放大", "Zoom in"),
    "gui.zoom_out": ("缩小", "Zoom out"),
    "gui.true_size": ("实际大小", "Actual size"),
    "gui.fit_width": ("适合宽度", "Fit width"),
    "gui.doc_filter": ("PDF 或 OFD 文件", "PDF or OFD files"),
    "gui.seal_size": ("印章大小", "Seal size"),
    "gui.size_hint": (
        "选中页面上的印章后可调整大小（20–60 mm，保持比例），也可拖动印章右下角。",
        "Select a seal on the page to resize it (20–60 mm, aspect kept), or drag its "
        "bottom-right corner.",
    ),
    "gui.resize_hint": ("拖动右下角调整大小", "drag the bottom-right corner to resize"),
    "gui.keyword_box": ("关键字盖章", "Seal at a keyword"),
    "gui.keyword_placeholder": ("输入关键字，如“盖章处”", "Keyword, e.g. 'Seal here'"),
    "gui.occurrence_first": ("第一处", "first occurrence"),
    "gui.occurrence_last": ("最后一处", "last occurrence"),
    "gui.occurrence_all": ("所有出现处", "every occurrence"),
    "gui.offset": ("偏移", "Offset"),
    "gui.offset_x": ("向右偏移（mm）", "Offset to the right (mm)"),
    "gui.offset_y": ("向下偏移（mm）", "Offset downwards (mm)"),
    "gui.qr": ("加盖防伪二维码", "Add an anti-counterfeit QR code"),
    "gui.qr_hint": (
        "在最后一页左下角加盖可扫码核验的二维码（仅 PDF）。",
        "A QR code to check the document, at the bottom left of the last page (PDF only).",
    ),
    "gui.qr_pdf_only": (
        "二维码只加在 PDF 文件上；OFD 文件签署时不加二维码。",
        "The QR code is added to PDF files only; OFD files are signed without it.",
    ),
    "gui.batch_box": ("批量签署（{count} 份文件）", "Batch ({count} files)"),
    "gui.finish_batch": ("批量签署 {count} 份", "Sign {count} files"),
    "gui.batch_waiting": ("等待签署", "waiting"),
    "gui.batch_running": ("正在签署…", "signing…"),
    "gui.batch_saved": ("已保存为 {name}", "saved as {name}"),
    "gui.batch_cancelled": ("已取消，未生成文件", "cancelled, no file written"),
    "gui.batch_summary": (
        "批量签署结束：{ok} 份成功，{failed} 份失败，{cancelled} 份取消。",
        "Batch finished: {ok} signed, {failed} failed, {cancelled} cancelled.",
    ),
    "gui.pin_again": (
        "USB Key 已重新插入或已退出登录，请再次输入 PIN 码。",
        "The USB key was plugged again or logged out: enter the PIN again.",
    ),
    "gui.logged_in": (
        "已登录“{label}”：本次运行中签署无需再输入 PIN 码。",
        "Logged in to '{label}': no PIN needed to sign while SealDesk runs.",
    ),
    "gui.login": ("登录（输入 PIN）…", "Log in (PIN)…"),
    "gui.logout": ("退出登录", "Log out"),
    "gui.logged_out": (
        "已退出登录：下次签署时需输入 PIN 码。",
        "Logged out: the next signing asks for the PIN.",
    ),
    "gui.change_pin": ("修改 PIN…", "Change PIN…"),
    "gui.change_pin_title": ("修改 PIN 码", "Change PIN"),
    "gui.change_pin_for": ("修改 USB Key“{label}”的 PIN 码", "Change the PIN of USB key '{label}'"),
    "gui.sig_click": (
        "点击左侧的签名，在页面上查看它的印章。",
        "Click a signature to see its seal on the page.",
    ),
    "gui.sig_no_seal": (
        "这个签名没有可见的印章（或文件的页面无法显示）。",
        "This signature has no visible seal (or the file's pages cannot be shown).",
    ),
    "gui.sig_on_page": (
        "签名“{name}”的印章在第 {page} 页（蓝框）",
        "Seal of '{name}': page {page} (blue frame)",
    ),
    "gui.record_delete": ("删除…", "Delete…"),
    "gui.record_delete_ask": (
        "删除“{name}”的签署记录？可以同时把已签署的文件移到回收站。",
        "Delete the record of '{name}'? The signed file can go to the trash as well.",
    ),
    "gui.record_forget": ("只删除记录", "Record only"),
    "gui.record_trash": ("删除记录并把文件移到回收站", "Record and file (to the trash)"),
    "gui.record_deleted": (
        "已删除 {count} 条记录，文件保留在原处。",
        "{count} record(s) deleted; the files stay.",
    ),
    "gui.record_deleted_file": (
        "已删除 {count} 条记录，文件已移到回收站。",
        "{count} record(s) deleted; the files are in the trash.",
    ),
    "gui.record_trash_failed": (
        "无法把这些文件移到回收站，记录已保留：{path}",
        "These files could not be moved to the trash; their records stay: {path}",
    ),
    "gui.record_missing": ("文件已不在原处：{path}", "The file is no longer there: {path}"),
    "gui.write_to_key": ("写入 USB Key…", "Write into the USB key…"),
    "gui.write_to_key_hint": (
        "由制章人签发印章（演示模式下用演示制章人），写入 USB Key，需输入 PIN 码。",
        "The seal maker signs the seal (the demo maker in demo mode); it is written into the "
        "USB key after the PIN.",
    ),
    "gui.choose_maker_key": ("选择制章人私钥文件", "Choose the seal maker's key file"),
    "gui.choose_maker_cert": ("选择制章人证书", "Choose the seal maker's certificate"),
    "gui.maker_needed": (
        "制作印章需要制章人的私钥和证书（演示模式下自动使用演示制章人）。",
        "Making a seal needs the seal maker's key and certificate (the demo maker in demo mode).",
    ),
    "gui.writing_seal": ("正在制作印章并写入 USB Key…", "Making the seal and writing it…"),
    "gui.replace_seal": (
        "USB Key 中已有印章“{name}”。用新印章替换它吗？",
        "The USB key already holds a seal named '{name}'. Replace it with the new one?",
    ),
    "gui.delete_seal": ("从 USB Key 删除…", "Delete from the USB key…"),
    "gui.delete_seal_ask": (
        "从 USB Key“{label}”删除印章“{seal}”？删除后无法用它签章，需要重新写入。",
        "Delete seal '{seal}' from USB key '{label}'? It cannot sign any more until written again.",
    ),
    "gui.finish_signing": ("完成签署", "Finish signing"),
    "gui.cancel": ("取消", "Cancel"),
    "gui.cancelling": ("正在取消…", "Cancelling…"),
    "gui.seals_hint": (
        "把印章拖到页面上（按实际大小显示）：",
        "Drag a seal onto a page (shown at true size):",
    ),
    "gui.drag_hint": (
        "拖到页面上加盖，或按 Enter / 双击放到当前页中央",
        "Drag onto a page, or press Enter / double-click to place it in the middle of the page "
        "in view",
    ),
    "gui.from_key": ("USB Key", "USB key"),
    "gui.from_image": ("图片", "image"),
    "gui.add_image": ("添加印章图片…", "Add seal picture…"),
    "gui.cross_page": ("加盖骑缝章", "Cross-page seal"),
    "gui.edge_right": ("右侧", "right edge"),
    "gui.edge_left": ("左侧", "left edge"),
    "gui.edge_bottom": ("底部", "bottom edge"),
    "gui.edge_top": ("顶部", "top edge"),
    "gui.cross_preview": (
        "{summary}沿页边拖动可调整位置。",
        "{summary} Drag along the edge to move it.",
    ),
    "gui.cross_group": ("每组页数", "Pages per group"),
    "gui.cross_group_auto": ("自动", "auto"),
    "gui.cross_group_hint": (
        "长文档的骑缝章分组加盖，每组盖一个完整的印章。自动：每条至少 {mm:g} 毫米宽。",
        "A long document's cross-page seal is stamped in groups, each a whole seal. "
        "Auto: every strip at least {mm:g} mm wide.",
    ),
    "gui.cross_strip_tip": (
        "骑缝章第 {group} 组：第 {first}–{last} 页",
        "Cross-page seal, group {group}: pages {first}–{last}",
    ),
    "gui.cross_needs_two": (
        "骑缝章需要至少两页的文档。",
        "A cross-page seal needs a document of at least two pages.",
    ),
    "gui.choose_seal_first": ("请先在右侧选中一个印章。", "Select a seal on the right first."),
    "gui.drop_on_page": ("请把印章放在页面上。", "Drop the seal on a page."),
    "gui.seal_placed": (
        "已在第 {page} 页放置“{seal}”。可拖动或用方向键调整位置（Shift 每次 10 mm），"
        "按 Delete 删除。",
        "'{seal}' placed on page {page}. Drag it or move it with the arrow keys (Shift: 10 mm), "
        "press Delete to remove it.",
    ),
    "gui.navigation": ("页面导航（↑↓ 切换，Alt+1…7）", "Pages (↑↓ to switch, Alt+1…7)"),
    "gui.thumbnails": ("页面缩略图", "Page thumbnails"),
    "gui.page_view": (
        "页面（Tab 依次选中已放置的印章，方向键移动 1 mm，Shift+方向键 10 mm，Delete 删除）",
        "Pages (Tab selects the placed seals in turn, arrow keys move 1 mm, Shift+arrows "
        "10 mm, Delete removes)",
    ),
    "gui.seal_moved": (
        "“{seal}”：第 {page} 页，距左 {x:.1f} mm，距上 {y:.1f} mm。",
        "'{seal}': page {page}, {x:.1f} mm from the left, {y:.1f} mm from the top.",
    ),
    "gui.open_first": ("请先打开一个 PDF 或 OFD 文件。", "Open a PDF or OFD file first."),
    "gui.place_first": (
        "请先把印章拖到页面上（或勾选骑缝章）。",
        "Drag a seal onto a page first (or tick the cross-page seal).",
    ),
    "gui.sign_login": ("正在登录 USB Key…", "Logging in to the USB key…"),
    "gui.sign_step": ("正在签署（{seal}）…", "Signing ({seal})…"),
    "gui.sign_saving": ("正在保存…", "Saving…"),
    "gui.sign_done": ("签署完成，已保存为 {path}", "Signed; saved as {path}"),
    "gui.sign_cancelled": (
        "已取消签署，没有生成文件。",
        "Signing cancelled; no file was written.",
    ),
    "gui.verify_this": ("验证这份文件", "Verify this file"),
    "gui.open_to_verify": ("打开文件验证…", "Open files to verify…"),
    "gui.export_report": ("导出这份文件的验证报告…", "Export this file's report…"),
    "gui.verifying": ("正在验证…", "Verifying…"),
    "gui.verify_drop_hint": (
        "把已签署的 PDF 或 OFD 文件拖到这里，或点击“打开文件验证”。无需联网。",
        "Drop signed PDF or OFD files here, or click 'Open files to verify'. No network needed.",
    ),
    "gui.report_saved": ("验证报告已保存：{path}", "Report saved: {path}"),
    "gui.sig_title": ("签名 {n} · {headline}", "Signature {n} · {headline}"),
    "gui.sig_reasons": ("核验结果", "Findings"),
    "gui.records_search": ("按文件名称或签署人查找", "Search by file name or signer"),
    "gui.records_empty": (
        "还没有在本机签署过文件。",
        "No file has been signed on this computer yet.",
    ),
    "gui.col_file": ("文件名称", "File"),
    "gui.col_pages": ("页数", "Pages"),
    "gui.col_signer": ("签署人", "Signer"),
    "gui.col_seal": ("印章", "Seal"),
    "gui.col_date": ("签署日期", "Date"),
    "gui.open_again": ("打开", "Open"),
    "gui.verify_again": ("验证", "Verify"),
    "gui.seals_intro": (
        "生成印章图片：输入名称即时预览（预览为实际大小）。",
        "Make a seal picture: the preview follows as you type (shown at true size).",
    ),
    "gui.seal_kind": ("印章样式", "Style"),
    "gui.kind_official": ("普通公章", "Official seal"),
    "gui.kind_party": ("党纪委公章", "Party / discipline committee seal"),
    "gui.kind_union": ("工会公章", "Trade union seal"),
    "gui.kind_youth": ("共青团章", "Youth League seal"),
    "gui.kind_personal_square": ("个人章（方形）", "Personal seal (square)"),
    "gui.kind_personal_rect": ("个人章（长方形）", "Personal seal (oblong)"),
    "gui.seal_label_field": ("印章名称", "Seal name"),
    "gui.seal_label_hint": (
        "写入 USB Key 和验证时显示的名称；默认为单位名称加横排文字（如“合同专用章”）。",
        "The name the key and verification show; by default the unit and the horizontal "
        "text (such as 合同专用章).",
    ),
    "gui.seal_valid_to": ("有效期至 {date}。", "Valid until {date}."),
    "gui.seal_capped": (
        "（不超过证书“{name}”的有效期：印章不能比它所列的证书更长久。）",
        "(Not past the certificate '{name}': a seal cannot outlive the certificates it names.)",
    ),
    "gui.seal_name_field": ("单位或个人名称", "Unit or person"),
    "gui.seal_text_field": ("横排文字", "Horizontal text"),
    "gui.seal_code_field": ("防伪码", "Code"),
    "gui.seal_size_field": ("尺寸", "Size"),
    "gui.sample_unit": ("上海市示例科技有限公司", "上海市示例科技有限公司"),
    "gui.sample_person": ("张三", "张三"),
    "gui.sample_text": ("合同专用章", "合同专用章"),
    "gui.preview_true_size": ("预览（实际大小）", "Preview (true size)"),
    "gui.save_image": ("保存图片…", "Save picture…"),
    "gui.import_scan": ("导入扫描的印章…", "Import a scanned seal…"),
    "gui.use_for_signing": ("用于文件签章", "Use for signing"),
    "gui.seal_added": (
        "已加入“文件签章”页的印章列表。",
        "Added to the seals of the signing page.",
    ),
    "gui.set_module": ("USB Key 驱动（PKCS#11）", "USB key driver (PKCS#11)"),
    "gui.module_auto": ("留空则自动检测", "empty: detected automatically"),
    "gui.browse": ("浏览…", "Browse…"),
    "gui.test_module": ("测试", "Test"),
    "gui.cross_range": ("页码范围", "Pages"),
    "gui.cross_from": ("骑缝章起始页", "Cross-page seal from page"),
    "gui.cross_to": ("骑缝章结束页", "Cross-page seal to page"),
    "gui.pdf_password_wrong": ("密码不正确，请重新输入。", "The password is wrong; try again."),
    "gui.undo": ("撤销", "Undo"),
    "gui.redo": ("重做", "Redo"),
    "gui.go_to_page": ("转到页…", "Go to page…"),
    "gui.go_to_page_prompt": ("页码（1–{pages}）：", "Page (1–{pages}):"),
    "gui.seal_remove": ("移除此印章", "Remove this seal"),
    "gui.seal_removed": ("已移除“{seal}”（Ctrl+Z 撤销）。", "Removed '{seal}' (Ctrl+Z undoes it)."),
    "gui.seal_original_size": ("恢复原始大小（{mm:g} mm）", "Back to its own size ({mm:g} mm)"),
    "gui.confirm_title": ("签署前确认", "Confirm before signing"),
    "gui.confirm_lead": (
        "将为 {count} 个文件签章：{stamps}。请核对以下内容，继续后输入 PIN 码。",
        "{count} file(s) will be signed: {stamps}. Check the list below; the PIN comes next.",
    ),
    "gui.confirm_go": ("继续，输入 PIN", "Continue to the PIN"),
    "gui.confirm_exists": ("（已存在）", "(exists)"),
    "gui.confirm_hits": (
        "关键字：找到 {count} 处，各盖一个章",
        "Keyword: found {count} time(s), a seal on each",
    ),
    "gui.confirm_no_hits": (
        "关键字：未找到，此文件将不会签署",
        "Keyword: not found, this file will not be signed",
    ),
    "gui.confirm_unreadable": (
        "文件无法读取，签署时将说明原因",
        "The file cannot be read; signing will say why",
    ),
    "gui.confirm_looking": ("正在检查要签署的文件…", "Looking at the files to sign…"),
    "gui.confirm_nothing": (
        "没有要签署的文件：已有签署件的文件都被跳过了。",
        "Nothing to sign: every file with a signed copy was skipped.",
    ),
    "gui.existing_label": ("{count} 个签署件已存在", "{count} signed copies exist"),
    "gui.existing_new_name": ("另存为新文件（名称加序号）", "Save as new files (numbered names)"),
    "gui.existing_overwrite": ("覆盖已有的签署件", "Replace the existing signed copies"),
    "gui.existing_skip": ("跳过这些文件", "Skip these files"),
    "gui.seal_unnamed": ("印章", "the seal"),
    "gui.stamp_placed": ("{seal} {count} 处（第 {pages} 页）", "{seal} ×{count} (page {pages})"),
    "gui.stamp_cross": ("{seal} 骑缝章（{edge}）", "{seal} across the pages ({edge})"),
    "gui.stamp_keyword": ("{seal} 盖在关键字“{keyword}”处", "{seal} on the keyword '{keyword}'"),
    "gui.stamp_sep": ("；", "; "),
    "gui.stamp_qr": ("防伪二维码", "an anti-counterfeit QR code"),
    "gui.keyword_found": (
        "关键字“{keyword}”找到 {count} 处，虚线框是将要盖章的位置。",
        "'{keyword}' found {count} time(s); the dashed boxes show where the seal goes.",
    ),
    "gui.keyword_missing": (
        "文档中没有找到关键字“{keyword}”。",
        "The keyword '{keyword}' does not occur in the document.",
    ),
    "gui.keyword_hit": ("关键字盖章位置", "Where the keyword puts the seal"),
    "gui.module_testing": ("正在加载驱动…", "Loading the driver…"),
    "gui.module_ok": (
        "驱动可用（{path}），检测到 {keys} 个 USB Key；保存后使用此驱动。",
        "The driver works ({path}) and finds {keys} USB key(s); it is used once saved.",
    ),
    "gui.set_roots": ("受信任的根证书", "Trusted root certificates"),
    "gui.set_makers": ("受信任的制章机构", "Trusted seal makers"),
    "gui.makers_note": (
        "制章机构的根证书或证书：只用于判断印章的制作者是否可信，不用于签名人证书。",
        "Roots or certificates of seal makers (制章机构): trusted for who made a seal, never "
        "for signers.",
    ),
    "gui.set_demo": ("演示模式", "Demo mode"),
    "gui.demo_mode": ("信任演示 USB Key 的根证书", "Trust the demo key's roots"),
    "gui.demo_note": (
        "只对演示钥匙自己的证书有效；开启后窗口标题显示“演示模式”，验证结果注明“演示根证书”。",
        "For the demo key's own certificates only; the title then says 'demo mode' and "
        "verdicts name the demo root.",
    ),
    "gui.add": ("添加…", "Add…"),
    "gui.remove": ("移除", "Remove"),
    "gui.set_language": ("语言", "Language"),
    "gui.set_output": ("签署文件保存到", "Save signed files to"),
    "gui.output_beside": ("留空则保存在原文件旁边", "empty: beside the original"),
    "gui.set_pin_policy": ("PIN 码", "PIN"),
    "gui.pin_every_time": ("每次签署都输入 PIN 码", "Ask for the PIN at every signing"),
    "gui.pin_policy_note": (
        "不勾选时，本次运行中只需输入一次 PIN 码，拔出 USB Key 或退出 SealDesk 后需重新输入。"
        "PIN 码从不保存到本机。",
        "Unticked, the PIN is asked once while SealDesk runs, and again after the USB key is "
        "unplugged or SealDesk restarts. The PIN is never stored on this computer.",
    ),
    "gui.save": ("保存", "Save"),
    "gui.saved": ("设置已保存。", "Settings saved."),
    "gui.restart_for_language": (
        "语言在重新启动 SealDesk 后生效。",
        "The language applies when SealDesk starts again.",
    ),
    "gui.settings_file": ("设置文件：{path}", "Settings file: {path}"),
    # the platform server (sealdesk server …)
    "server.no_trust": (
        "未指定 --trust 根证书：任何 UKey 都无法登录。",
        "No --trust root given: no key can log in.",
    ),
    "server.listening": (
        "平台服务器已启动：{url}（Ctrl+C 停止）",
        "Serving on {url} (Ctrl+C stops)",
    ),
    "server.migrated": ("数据库结构已是最新。", "The database schema is up to date."),
    "server.audit_intact": (
        "操作日志完整：{rows} 条记录的哈希链无误。",
        "The operation log is intact: the hash chain of {rows} rows holds.",
    ),
    "server.audit_edited": (
        "操作日志被篡改：第 {row} 条记录已被修改（之前 {rows} 条完好）。",
        "The operation log was tampered with: row {row} was edited ({rows} rows before it hold).",
    ),
    "server.audit_missing": (
        "操作日志被篡改：第 {row} 条记录已被删除（之前 {rows} 条完好）。",
        "The operation log was tampered with: row {row} was deleted ({rows} rows before it hold).",
    ),
    "server.audit_tail_cut": (
        "操作日志被篡改：从第 {row} 条起的最后记录已被删除（之前 {rows} 条完好）。",
        "The operation log was tampered with: the rows from {row} on were deleted "
        "({rows} rows before hold).",
    ),
    "server.operator_added": (
        "已添加平台运维人员 {name}。一次性密码（首次登录须修改，只显示这一次）：{password}",
        "Operator {name} added. One-time password (to be changed at first login, shown only "
        "now): {password}",
    ),
    "err.server_port": ("端口 {port} 无效（1–65535）。", "Port {port} is invalid (1–65535)."),
    "err.operator_name": (
        "运维人员名称须为 1–100 个字符。",
        "An operator name has 1–100 characters.",
    ),
    "err.operator_exists": ("运维人员 {name} 已存在。", "Operator {name} exists already."),
    "server.seal_approved": (
        "已通过“{unit}”的印章申请“{name}”：平台已制作印章，待单位回执（sealdesk platform seal "
        "receipt）。",
        "Approved {unit}'s seal application '{name}': the platform made the seal; it waits for "
        "the unit's receipt (sealdesk platform seal receipt).",
    ),
    "server.seal_rejected": (
        "已否决“{unit}”的印章申请“{name}”：{reason}",
        "Rejected {unit}'s seal application '{name}': {reason}",
    ),
    "err.review_reason": (
        "否决须说明原因（1–{max} 个字，不能只有空格）。",
        "A rejection says why (1–{max} characters, not only spaces).",
    ),
    "err.maker_pair": (
        "--maker-key 与 --maker-cert 须同时给出。",
        "Give --maker-key and --maker-cert together.",
    ),
    "err.seal_maker": (
        "制章密钥无法使用：{detail}",
        "The seal maker's key cannot be used: {detail}",
    ),
    "err.new_maker_reject": (
        "--new-maker 只用于 --approve（否决不制作印章）。",
        "--new-maker goes with --approve only (a rejection makes no seal).",
    ),
    "err.maker_differs": (
        "此次审核的制章人（证书 SHA-256 {given}）不是平台数据库记录的制章人（{recorded}）："
        "请使用记录的制章人（复制其 seal-maker.pem 到数据文件夹，或用 --maker-key/--maker-cert"
        "），有意更换制章人时加 --new-maker。",
        "This review's seal maker (certificate SHA-256 {given}) is not the one the platform's "
        "database recorded ({recorded}): use the recorded maker (copy its seal-maker.pem into "
        "the data folder, or give --maker-key/--maker-cert), or add --new-maker to replace it "
        "deliberately.",
    ),
    "err.review.no_application": ("没有印章申请 {name}。", "No seal application {name}."),
    "err.review.no_operator": (
        "没有运维人员 {name}（sealdesk server operator add）。",
        "No operator {name} (sealdesk server operator add).",
    ),
    "err.review.not_pending": (
        "印章申请“{name}”的状态为{state}，只有待审核的申请可以审核。",
        "The seal application '{name}' is {state}: only a pending one is reviewed.",
    ),
    "err.review.not_rejectable": (
        "印章申请“{name}”的状态为{state}，只有待审核或待回执的申请可以否决。",
        "The seal application '{name}' is {state}: only a pending one or one awaiting its "
        "receipt is rejected.",
    ),
    "err.review.no_certificate": (
        "印章申请“{name}”提交时未保存 UKey 证书（升级前的申请），无法制作印章：请否决并请单位"
        "重新申请。",
        "The seal application '{name}' was made before its key's certificate was kept: the "
        "seal cannot be made; reject it and ask the unit to apply again.",
    ),
    "err.review.certificate_expired": (
        "印章申请“{name}”的 UKey 证书已过期，无法制作印章：请否决。",
        "The key certificate of the seal application '{name}' has expired: the seal cannot be "
        "made; reject it.",
    ),
    "err.review.cloud_seal": (
        "云端印章“{name}”暂不能由平台制作（只可否决）。",
        "The platform does not make cloud seals yet ('{name}'): it can only be rejected.",
    ),
    "err.server_db": (
        "平台数据库无法使用：{detail}",
        "The platform database cannot be used: {detail}",
    ),
    "err.server_extra": (
        "未安装服务器组件：请安装 sealdesk[server]。",
        "The server is not installed: install sealdesk[server].",
    ),
    # the platform client (sealdesk platform …)
    "platform.logged_in": (
        "已登录：{user}（{unit}），已同步。",
        "Logged in: {user} ({unit}), synced.",
    ),
    "platform.token_keyring": (
        "登录凭据保存在系统密钥环中。",
        "The session token is kept in the system keyring.",
    ),
    "platform.token_file": (
        "没有可用的系统密钥环：登录凭据保存在仅本用户可读的文件中。",
        "No system keyring: the session token is kept in a file only you can read.",
    ),
    "platform.logged_out": ("已退出登录。", "Logged out."),
    "platform.roles": ("角色：{roles}", "Roles: {roles}"),
    "platform.synced": (
        "已同步：发送 {pushed} 项修改，收到 {pulled} 项（变更号 {seq}）。",
        "Synced: {pushed} change(s) sent, {pulled} received (change number {seq}).",
    ),
    "platform.overridden_edit": (
        "你离线时对 {name} 的修改未生效：服务器上已有更新的修改，本机已改为服务器上的内容。",
        "Your change to {name} made offline did not take effect: it had been changed on the "
        "server since, and the server's version is shown here now.",
    ),
    "platform.overridden_roles": (
        "你离线时对 {name} 的角色设置未生效：服务器上已有更新的修改，本机已改为服务器上的内容。",
        "Your roles for {name} set offline did not take effect: {name} had been changed on "
        "the server since, and the server's version is shown here now.",
    ),
    "platform.overridden_remove": (
        "你离线时对 {name} 的移除未生效：服务器上已有更新的修改，本机已改为服务器上的内容。",
        "Your removal of {name} made offline did not take effect: it had been changed on the "
        "server since, and the server's version is shown here now.",
    ),
    "platform.left": ("离职", "left"),
    "platform.pending": ("（待同步）", " (not yet synced)"),
    "platform.main_key": ("主UKey", "main key"),
    "platform.queued": (
        "修改已保存在本机，联网后自动同步。",
        "The change is kept here and is sent when the server is reachable.",
    ),
    "platform.waiting_for_others": (
        "另有 {count} 项修改是本机其他人员离线时所做，未发送：待其本人登录后以其名义发送。",
        "{count} change(s) made here offline by someone else were not sent: they go under "
        "that person's name when they log in.",
    ),
    "platform.unclaimed": (
        "{count} 项修改由旧版 SealDesk 保存，没有记录是谁所做，不会自动发送：确认后用 "
        "sealdesk platform outbox claim 以您的名义发送，或用 outbox drop 放弃。",
        "{count} change(s) kept by an earlier SealDesk do not say who made them and are not "
        "sent on their own: sealdesk platform outbox claim sends them under your name, "
        "outbox drop drops them.",
    ),
    "platform.kept_for_you": (
        "您有 {count} 项修改尚未发送，仍保存在本机，您再次登录后自动发送。",
        "{count} change(s) of yours not yet sent stay here and are sent when you log in again.",
    ),
    "platform.claimed": (
        "已认领 {count} 项修改，并以您的名义发送。",
        "Claimed {count} change(s) and sent them under your name.",
    ),
    "platform.claimed_offline": (
        "已认领 {count} 项修改，联网后以您的名义发送。",
        "Claimed {count} change(s); they are sent under your name when the server is reachable.",
    ),
    "platform.dropped": (
        "已放弃 {count} 项无作者的修改；下次同步将重新获取全部数据。",
        "Dropped {count} change(s) with no author; the next sync fetches everything again.",
    ),
    "platform.no_author": ("（未记录）", "(unknown)"),
    "platform.whose_mine": ("您的，下次同步时发送", "yours, sent with the next sync"),
    "platform.whose_other": ("他人的，待其登录后发送", "someone else's, sent when they log in"),
    "platform.whose_unclaimed": ("无作者，待认领", "no author, to be claimed"),
    "platform.outbox_empty": ("本机没有待同步的修改。", "No change waits here."),
    "platform.person_added": ("已添加人员 {name}。", "Added {name}."),
    "platform.person_removed": ("已移除 {name}（列为离职）。", "Removed {name} (listed as left)."),
    "platform.whitelist_added": ("已将 {entity} 加入白名单。", "{entity} is on the whitelist."),
    "platform.whitelist_removed": ("已将 {entity} 移出白名单。", "{entity} is off the whitelist."),
    "err.server_refused": ("平台拒绝了请求：{message}", "The platform refused: {message}"),
    "err.server_unreachable": (
        "无法连接平台服务器 {url}：{detail}",
        "The platform server {url} is unreachable: {detail}",
    ),
    "err.server_unreachable_local": (
        "无法连接平台服务器 {url}：以下为本机数据（上次同步 {last}）。",
        "The platform server {url} is unreachable: this is the local copy (last sync {last}).",
    ),
    "err.not_logged_in_platform": (
        "尚未登录平台：请先运行 sealdesk platform login --server URL。",
        "Not logged in to the platform: run sealdesk platform login --server URL first.",
    ),
    "err.person_not_found": (
        "本机没有这个人员（先同步？）。",
        "No such person here (sync first?).",
    ),
    # values typed for the platform, checked before anything is kept or sent
    "err.input.name.empty": ("请填写姓名。", "Enter a name."),
    "err.input.name.too_long": ("姓名最多 50 个字。", "A name has at most 50 characters."),
    "err.input.name.control": ("姓名中有无法使用的字符。", "The name has characters not allowed."),
    "err.input.department.empty": ("请填写部门名称。", "Enter the department's name."),
    "err.input.department.too_long": (
        "部门名称最多 50 个字。",
        "A department's name has at most 50 characters.",
    ),
    "err.input.department.control": (
        "部门名称中有无法使用的字符。",
        "The department's name has characters not allowed.",
    ),
    "err.input.label.too_long": ("备注最多 100 个字。", "A note has at most 100 characters."),
    "err.input.label.control": ("备注中有无法使用的字符。", "The note has characters not allowed."),
    "err.input.phone.format": (
        "手机号应为 11 位数字，以 13–19 开头。",
        "A phone number has 11 digits and starts with 13–19.",
    ),
    "err.input.id_number.format": (
        "身份证号应为 18 位：17 位数字，最后一位是数字或 X。",
        "An ID number has 18 characters: 17 digits, then a digit or X.",
    ),
    "err.input.id_number.check": (
        "身份证号的校验位不对，请核对。",
        "The ID number's check character is wrong: please check it.",
    ),
    "err.input.password.empty": ("请输入密码。", "Enter the password."),
    "err.input.password.rule": (
        "密码须为 8–20 位，且至少包含字母、数字、符号中的两种。",
        "A password has 8–20 characters with at least two of letters, digits, symbols.",
    ),
    "err.input.code.format": ("验证码是 6 位数字。", "The code has 6 digits."),
    "err.input.agreement.missing": (
        "请先阅读并同意《数字证书订户协议》（--agree）。",
        "Read and accept the certificate subscriber agreement first (--agree).",
    ),
    "err.input.captcha.empty": (
        "请输入图形验证码（图中的字符）。",
        "Enter the picture code (the characters in the picture).",
    ),
    "err.input.server.format": (
        "平台地址应以 http:// 或 https:// 开头，例如 https://platform.example。",
        "The platform's address starts with http:// or https://, e.g. https://platform.example.",
    ),
    "err.input.entity_id.format": (
        "通用实体唯一标识只能包含字母、数字和 . _ -（最多 64 位）。",
        "An entity id has letters, digits and . _ - only (at most 64).",
    ),
    "err.input.person.key_holder": (
        "单位 UKey 用户不可编辑或移除。",
        "The unit's key holder cannot be edited or removed.",
    ),
    "err.input.person.left": (
        "该人员已离职：请先重新加入。",
        "This person has left: add them again first.",
    ),
    "err.input.id_number.empty": ("请填写身份证号。", "Enter the ID number."),
    "err.input.email.empty": ("请填写邮箱。", "Enter the e-mail address."),
    "err.input.email.format": (
        "邮箱格式不对，例如 name@example.com。",
        "The e-mail address is not valid, e.g. name@example.com.",
    ),
    # 申请数字证书 (seed 004 S4:130-169): `sealdesk platform certificate` and the 数字证书 tab
    "platform.cert_state": ("数字证书", "Certificate"),
    "platform.cert_none": ("未申请", "not requested"),
    "platform.cert_issued": ("已申请", "requested"),
    "platform.cert_handler": ("经办人", "Handler"),
    "platform.cert_subject": ("颁发对象", "Issued to"),
    "platform.cert_issuer": ("颁发者", "Issued by"),
    "platform.cert_credit_code": ("证件号", "ID (credit code)"),
    "platform.cert_serial": ("序列号", "Serial number"),
    "platform.cert_validity": ("有效期", "Valid"),
    "platform.cert_dn": ("DN", "DN"),
    "platform.cert_valid_now": ("有效性", "Validity"),
    "platform.cert_valid": ("有效", "valid"),
    "platform.cert_invalid": ("无效（未生效或已过期）", "not valid (not yet or expired)"),
    "platform.cert_requested": (
        "已为“{unit}”申请数字证书。",
        "The certificate of '{unit}' is requested.",
    ),
    # 印章申请 (seed 004 S4:391-450): `sealdesk platform seal`
    "platform.seal_applied": (
        "已提交印章申请“{name}”（{type}，{size}），状态：{state}；CA 客服审核通过后方可使用。"
        "编号：{id}",
        "Applied for the seal '{name}' ({type}, {size}): {state}; it can be used once the CA "
        "has approved it. Id: {id}",
    ),
    "platform.seal_type_cloud": ("云端印章", "cloud seal"),
    "platform.seal_type_ukey": ("USB KEY 印章", "USB key seal"),
    "platform.seal_state_pending": ("待审核", "pending review"),
    "platform.seal_state_receipt": ("待回执", "awaiting receipt"),
    "platform.seal_state_valid": ("有效", "valid"),
    "platform.seal_state_expired": ("已过期", "expired"),
    "platform.seal_state_revoked": ("已注销", "revoked"),
    "platform.seal_state_rejected": ("已否决", "rejected"),
    "platform.seal_receipted": (
        "已回执：印章“{name}”（{type}，{size}）现已有效，至 {valid_to}；"
        "用 sealdesk platform seal write 写入 UKey。",
        "Receipt done: the seal '{name}' ({type}, {size}) is valid until {valid_to}; write it "
        "into the key with sealdesk platform seal write.",
    ),
    "platform.seal_revoked": (
        "已注销印章“{name}”（{type}，{size}）；已写入 UKey 的副本不会自动删除"
        "（sealdesk seal delete）。",
        "Revoked the seal '{name}' ({type}, {size}); a copy written into a key stays there "
        "(sealdesk seal delete).",
    ),
    "err.revoke_confirm": (
        "注销印章不可撤销：确认注销请加 --yes（sealdesk platform seal revoke {id} --yes）。",
        "Revoking a seal cannot be undone: confirm with --yes "
        "(sealdesk platform seal revoke {id} --yes).",
    ),
    "platform.seal_state_frozen": ("已冻结", "frozen"),
    "platform.seal_frozen_mark": ("，已冻结", ", frozen"),
    "platform.seal_freezed": (
        "已冻结印章“{name}”：解冻前不能写入 UKey（sealdesk platform seal unfreeze）。",
        "Froze the seal '{name}': it is not written into a key until unfrozen "
        "(sealdesk platform seal unfreeze).",
    ),
    "platform.seal_unfreezed": ("已解冻印章“{name}”。", "Unfroze the seal '{name}'."),
    "err.seal_not_valid": (
        "印章“{name}”的状态为{state}，不能写入 UKey：只有已回执的有效印章可以写入。",
        "The seal '{name}' is {state}: only a valid seal (after its receipt) is written into "
        "the key.",
    ),
    "err.seal_not_for_key": (
        "印章“{name}”不属于 UKey“{token}”（印章中没有这把 UKey 的证书）：请插入申请该印章的 UKey。",
        "The seal '{name}' is not for the key '{token}' (it names none of the key's "
        "certificates): insert the key that applied for it.",
    ),
    "platform.seal_none": ("没有印章申请。", "No seal applications."),
    "platform.seal_name": ("印章名称", "Seal name"),
    "platform.seal_state": ("状态", "State"),
    "platform.seal_type": ("印章类型", "Type"),
    "platform.seal_size": ("印章规格", "Size"),
    "platform.seal_handler": ("经办人", "Handler"),
    "platform.seal_applicant": ("申请人", "Applicant"),
    "platform.seal_image": ("印章图片", "Image"),
    "err.input.seal_name.empty": ("请填写印章名称。", "Enter the seal's name."),
    "err.input.seal_name.too_long": (
        "印章名称最多 30 个字。",
        "A seal's name has at most 30 characters.",
    ),
    "err.input.seal_name.control": (
        "印章名称中有无法使用的字符。",
        "The seal's name has characters not allowed.",
    ),
    "err.input.seal_type.format": (
        "印章类型只能是 cloud（云端印章）或 ukey（USB KEY 印章）。",
        "The seal's type is cloud or ukey.",
    ),
    "err.input.seal_type.key_needed": (
        "USB KEY 印章的申请须以单位 UKey 签名。",
        "A USB key seal's application is signed with the unit's key.",
    ),
    "err.input.size.format": (
        "印章规格写作 宽x高（毫米），例如 42x42。",
        "Write the seal's size as WxH in mm, e.g. 42x42.",
    ),
    "err.input.size.range": (
        "印章规格每边 10–60 毫米。",
        "A seal's size is 10–60 mm a side.",
    ),
    "err.input.size.generated": (
        "自动生成的印章是圆形公章，规格须为 38–45 毫米见方（默认 42x42）；其他规格请上传印章图片。",
        "A generated seal is round: 38–45 mm square (42x42 by default); upload an image for "
        "another size.",
    ),
    "err.input.image.choice": (
        "印章图片须二选一：上传图片（--image）或自动生成（--style）。",
        "Give the seal's image one way: --image or --style.",
    ),
    "err.input.style.format": (
        "自动生成的样式为：党纪委、普通、工会、共青团（或 party、official、union、youth）。",
        "The generated styles are 党纪委, 普通, 工会, 共青团 (party, official, union, youth).",
    ),
    "err.input.style.unit_name": (
        "单位名称无法绘制在印章上（最多 40 个字，且须为印章字体所含的字符）：请上传印章图片。",
        "The unit's name cannot be drawn on a seal (at most 40 characters the seal font has): "
        "upload an image instead.",
    ),
    "err.input.state.format": (
        "状态为 pending（待审核）、receipt（待回执）、valid（有效）、expired（已过期）、"
        "revoked（已注销）或 rejected（已否决）。",
        "The state is pending, receipt, valid, expired, revoked or rejected.",
    ),
    "err.input.application.format": (
        "印章申请编号不对（应为 list 列出的编号）。",
        "Not an application's id (as list shows them).",
    ),
    # the window's 平台 page
    "nav.platform": ("平台", "Platform"),
    # 印控: the seal boxes page (desktop/gui/sealbox_*.py)
    "nav.sealbox": ("印控", "Seal boxes"),
    "gui.sb_title": ("印控 · 智能印章盒", "Seal boxes"),
    "gui.sb_who": ("{name} · {unit} · {server}", "{name} · {unit} · {server}"),
    "gui.sb_refresh": ("刷新", "Refresh"),
    "gui.sb_bind_box": ("绑定印章盒…", "Bind a box…"),
    "gui.sb_login_first": (
        "印控使用平台的登录：请先在“平台”页登录（主管理员、管理员或管章人）。",
        "Seal boxes use the platform session: log in on the Platform page first (as an "
        "admin or a keeper).",
    ),
    "gui.sb_go_login": ("前往平台登录", "Go to the Platform page"),
    "gui.sb_loading": ("正在读取印章盒…", "Reading the seal boxes…"),
    "gui.sb_no_radio": (
        "无法收听蓝牙，在线状态未知：{why}",
        "The radio cannot listen, so online state is unknown: {why}",
    ),
    "gui.sb_tab_boxes": ("印章盒", "Boxes"),
    "gui.sb_tab_applications": ("用印申请", "Applications"),
    "gui.sb_tab_records": ("使用记录", "Records"),
    "gui.sb_tab_abnormal": ("异常记录", "Abnormal records"),
    "gui.sb_col_name": ("设备名称", "Name"),
    "gui.sb_col_model": ("型号", "Model"),
    "gui.sb_col_online": ("状态", "State"),
    "gui.sb_col_screen": ("屏幕", "Screen"),
    "gui.sb_col_firmware": ("固件", "Firmware"),
    "gui.sb_col_device": ("设备编号 / MAC", "Device id / MAC"),
    "gui.sb_col_keepers": ("管章人", "Keepers"),
    "gui.sb_col_grant": ("当前授权", "Grant"),
    "gui.sb_col_lock": ("挂失", "Lost-lock"),
    "gui.sb_col_applicant": ("申请人", "Applicant"),
    "gui.sb_col_reason": ("事由", "Reason"),
    "gui.sb_col_box": ("印章盒", "Box"),
    "gui.sb_col_count": ("次数", "Count"),
    "gui.sb_col_window": ("用印时间", "Window"),
    "gui.sb_col_state": ("状态", "State"),
    "gui.sb_col_photo": ("照片", "Photo"),
    "gui.sb_col_time": ("用印时间", "Time"),
    "gui.sb_col_user": ("使用人", "Person"),
    "gui.sb_col_used": ("第几次", "Use no."),
    "gui.sb_col_cause": ("原因", "Cause"),
    "gui.sb_col_detail": ("详情", "Detail"),
    "gui.sb_online": ("在线", "online"),
    "gui.sb_offline": ("离线", "offline"),
    "gui.sb_unknown": ("未知", "unknown"),
    "gui.sb_granted": (
        "{user}（{used}/{count}）",
        "{user} ({used}/{count})",
    ),
    "gui.sb_no_grant": ("无授权", "no grant"),
    "gui.sb_grant_expired": ("已过期，待结束用印", "used up or past: end it"),
    "gui.sb_waiting": ("{count} 条指令待下发", "{count} command(s) waiting"),
    "gui.sb_lock_none": ("-", "-"),
    "gui.sb_lock_locked": ("已锁定", "locked"),
    "gui.sb_lock_pending": ("锁定待下发", "lock waiting for the box"),
    "gui.sb_lock_unlock_pending": ("解锁待下发", "unlock waiting for the box"),
    "gui.sb_no_boxes": (
        "本单位还没有绑定印章盒：打开印章盒电源，点击“绑定印章盒…”。",
        "The unit has no seal box yet: switch a box on and click “Bind a box…”.",
    ),
    "gui.sb_not_allowed": ("您的角色不能做这项操作。", "Your role may not do this."),
    "gui.sb_grant_dots": ("下发授权…", "Grant…"),
    "gui.sb_end_use": ("结束用印", "End use"),
    "gui.sb_pull_records": ("取回记录", "Fetch records"),
    "gui.sb_settings_dots": ("设置…", "Settings…"),
    "gui.sb_lock": ("挂失锁定", "Lock as lost"),
    "gui.sb_unlock": ("解除锁定", "Unlock"),
    "gui.sb_lock_confirm": (
        "挂失锁定“{name}”？印章盒在线时立即锁定，否则在下次连接时锁定；锁定后按压盖章都会记为异常。",
        "Lock “{name}” as lost? An online box locks at once, otherwise at its next contact; "
        "every press after it is an abnormal record.",
    ),
    "gui.sb_unlock_confirm": (
        "解除“{name}”的挂失锁定？",
        "Unlock “{name}”?",
    ),
    "gui.sb_locked": ("已挂失锁定 {name}。", "{name} is locked as lost."),
    "gui.sb_unlocked": ("已解除 {name} 的挂失锁定。", "{name} is no longer locked."),
    "gui.sb_approve": ("通过", "Approve"),
    "gui.sb_reject": ("驳回", "Reject"),
    "gui.sb_reject_dots": ("驳回…", "Reject…"),
    "gui.sb_approve_title": ("通过用印申请", "Approve the application"),
    "gui.sb_reject_title": ("驳回用印申请", "Reject the application"),
    "gui.sb_application_line": (
        "{who}：{reason}（{count} 次）",
        "{who}: {reason} ({count} time(s))",
    ),
    "gui.sb_decision_reason": ("理由", "Reason"),
    "gui.sb_reason_required": ("驳回必须填写理由", "A rejection needs a reason"),
    "gui.sb_reason_optional": ("可不填", "Optional"),
    "gui.sb_decided": ("申请已处理：{state}。", "The application is now: {state}."),
    "gui.sb_app_todo": ("待我审批", "to decide"),
    "gui.sb_app_pending": ("审批中", "pending"),
    "gui.sb_app_approved": ("已通过", "approved"),
    "gui.sb_app_rejected": ("已驳回", "rejected"),
    "gui.sb_app_granted": ("已授权", "granted"),
    "gui.sb_unlimited": ("不限", "unlimited"),
    "gui.sb_bind_title": ("绑定印章盒", "Bind a seal box"),
    "gui.sb_bind_hint": (
        "打开印章盒电源，靠近本机。扫描到的印章盒按信号强弱排列；选择一台，填写设备名称后绑定。",
        "Switch the box on, near this computer. The boxes heard are listed strongest first; "
        "choose one, name it and bind it.",
    ),
    "gui.sb_found": ("扫描到的印章盒", "Boxes heard"),
    "gui.sb_scan": ("扫描", "Scan"),
    "gui.sb_scanning": ("正在扫描印章盒…", "Scanning for boxes…"),
    "gui.sb_scan_found": ("找到 {count} 台", "{count} found"),
    "gui.sb_already_bound": ("已绑定为“{name}”", "bound as “{name}”"),
    "gui.sb_box_name": ("设备名称", "Name"),
    "gui.sb_box_name_hint": ("例如：财务章", "e.g. Finance seal"),
    "gui.sb_box_note": ("设备备注", "Note"),
    "gui.sb_bind": ("绑定", "Bind"),
    "gui.sb_choose_box": ("请先选择一台扫描到的印章盒。", "Choose one of the boxes heard first."),
    "err.input.box_name.empty": ("请填写设备名称。", "Enter the box's name."),
    "gui.sb_binding": ("正在绑定印章盒…", "Binding the box…"),
    "gui.sb_bound": (
        "已绑定印章盒 {name}（{model}），屏幕：{screen}",
        "Bound seal box {name} ({model}); screen: {screen}",
    ),
    "gui.sb_grant_title": ("下发授权 · {box}", "Grant · {box}"),
    "gui.sb_grantee": ("使用人", "Person"),
    "gui.sb_choose_person": ("请选择使用人", "Choose a person"),
    "gui.sb_count": ("用印次数", "Count"),
    "gui.sb_count_hint": ("0–500，0 为不限", "0–500, 0 = unlimited"),
    "gui.sb_start": ("开始时间", "Start"),
    "gui.sb_end": ("结束时间", "End"),
    "gui.sb_mode": ("授权方式", "Mode"),
    "gui.sb_mode_direct": ("直接授权", "Direct"),
    "gui.sb_mode_pre": ("预先授权（激活码）", "Pre-authorized (activation code)"),
    "gui.sb_flags": ("选项", "Options"),
    "gui.sb_flag_photo": ("盖章拍照", "Photo per stamp"),
    "gui.sb_flag_fingerprint": ("校验指纹", "Fingerprint"),
    "gui.sb_flag_force_upload": ("强制上传记录", "Force record upload"),
    "gui.sb_flag_notify": ("通知", "Notify"),
    "gui.sb_no_fingerprint": ("这台印章盒没有指纹功能。", "This box has no fingerprint reader."),
    "gui.sb_grant": ("授权", "Grant"),
    "err.input.count.empty": ("请填写用印次数（0–500，0 为不限）。", "Enter the count (0–500)."),
    "err.input.count.format": (
        "用印次数必须是 0–500 的整数（0 为不限）。",
        "The count must be a whole number from 0 to 500 (0 = unlimited).",
    ),
    "err.input.count.range": (
        "用印次数最多 500 次（0 为不限），不能为负数。",
        "The count is at most 500 (0 = unlimited) and cannot be negative.",
    ),
    "err.input.window.past": (
        "结束时间必须晚于现在。",
        "The end must be later than now.",
    ),
    "err.input.window.order": (
        "开始时间必须早于结束时间。",
        "The start must be before the end.",
    ),
    "err.input.grantee.empty": ("请选择使用人。", "Choose the person."),
    "err.input.backlight.range": (
        "背光时间为 0–180 秒。",
        "The backlight is 0–180 seconds.",
    ),
    "err.input.auto_off.range": (
        "自动关机时间为 0–30 分钟（0 为不自动关机）。",
        "Auto-off is 0–30 minutes (0 = never).",
    ),
    "err.input.reason.empty": ("驳回必须填写理由。", "A rejection needs a reason."),
    "err.input.reason.too_long": ("理由最多 200 个字。", "A reason has at most 200 characters."),
    "gui.sb_granting": ("正在下发授权…", "Granting…"),
    "gui.sb_granted_said": (
        "已授权 {user} 在 {start} 至 {end} 使用 {count} 次。",
        "{user} may stamp {count} time(s) from {start} to {end}.",
    ),
    "gui.sb_activation_code": (
        "激活码：{code}（告知使用人；输错 5 次失效）",
        "Activation code: {code} (tell the person; 5 wrong tries and it is gone)",
    ),
    "gui.sb_pending": (
        "{why} 平台已记录，印章盒下次连接时生效。",
        "{why} The platform has it: the box gets it at its next contact.",
    ),
    "gui.sb_ending": ("正在结束用印…", "Ending the use…"),
    "gui.sb_ended": (
        "已结束 {user} 的用印（用了 {used} 次）。",
        "Ended {user}'s use ({used} used).",
    ),
    "gui.sb_pulling": ("正在取回记录…", "Fetching records…"),
    "gui.sb_stage_download": ("下载记录 {done}/{total}", "Downloading records {done}/{total}"),
    "gui.sb_stage_photos": ("下载照片 {done}/{total}", "Downloading photos {done}/{total}"),
    "gui.sb_stage_upload": ("上传平台 {done}/{total}", "Uploading {done}/{total}"),
    "gui.sb_stage_upload_photos": (
        "上传照片 {done}/{total}",
        "Uploading photos {done}/{total}",
    ),
    "gui.sb_cancelling": ("正在取消…", "Cancelling…"),
    "gui.sb_cancelled": (
        "已取消：已取回的记录保存在本机，下次取回会接着进行。",
        "Cancelled: what was fetched is kept here; the next fetch goes on from there.",
    ),
    "gui.sb_pulled": (
        "从 {name} 取回 {new} 条新记录、{photos} 张照片，上传平台 {uploaded} 条。",
        "{new} new record(s) and {photos} photo(s) from {name}; {uploaded} uploaded.",
    ),
    "gui.sb_no_photo": ("选择一条记录查看照片", "Choose a record to see its photo"),
    "gui.sb_no_photo_short": ("无照片", "none"),
    "gui.sb_photo_of": ("第 {seq} 条记录的照片", "Photo of record {seq}"),
    "gui.sb_settings_title": ("设置 · {box}", "Settings · {box}"),
    "gui.sb_backlight": ("背光时间", "Backlight"),
    "gui.sb_auto_off": ("自动关机", "Auto-off"),
    "gui.sb_seconds": (" 秒", " s"),
    "gui.sb_minutes": (" 分钟", " min"),
    "gui.sb_settings_note": (
        "背光 0–180 秒；自动关机 0–30 分钟，0 为不自动关机。印章盒下次连接时生效。",
        "Backlight 0–180 s; auto-off 0–30 min, 0 = never. The box takes them at its next contact.",
    ),
    "gui.sb_saving": ("正在保存…", "Saving…"),
    "gui.sb_settings_said": (
        "设置：背光 {backlight} 秒，自动关机 {auto_off} 分钟，无网络设置{offline}。",
        "Settings: backlight {backlight} s, auto-off {auto_off} min, offline mode {offline}.",
    ),
    "gui.sb_on": ("开", "on"),
    "gui.sb_off": ("关", "off"),
    "gui.sb_offline_title": ("无网络设置", "Offline mode"),
    "gui.sb_offline_mode": ("未连接本机时也可按授权盖章", "Stamp with no computer connected"),
    "gui.sb_offline_mode_hint": (
        "记录存于印章盒，下次连接时上传；开启需要主管理员验证码。",
        "Records are kept in the box and uploaded at its next contact; turning it on needs "
        "the main admin's code.",
    ),
    "gui.sb_offline_code": ("主管理员验证码", "Main admin's code"),
    "gui.sb_offline_code_hint": (
        "开启无网络设置需要，6 位数字",
        "6 digits, to turn offline mode on",
    ),
    "gui.sb_get_code": ("获取验证码", "Get the code"),
    "gui.sb_cause_over_count": ("超出授权次数", "over the granted count"),
    "gui.sb_cause_outside_window": ("超出授权时间", "outside the granted time"),
    "gui.sb_cause_no_grant": ("未进行授权", "no grant"),
    "gui.sb_cause_locked": ("挂失锁定后按压", "pressed after lost-lock"),
    "gui.sb_cause_powering_off": ("拉伸状态下关机", "stretched while powering off"),
    "gui.sb_cause_after_end": ("授权结束后快速按压", "quick press after the grant ended"),
    "gui.sb_cause_before_first_grant": (
        "绑定后第一次授权前按压",
        "pressed after binding, before the first grant",
    ),
    "gui.sb_cause_unauthorized_qr": ("未授权，二维码状态", "unauthorized, QR on screen"),
    "gui.sb_cause_unauthorized_screen_off": ("未授权，熄屏", "unauthorized, screen off"),
    "gui.sb_cause_locked_at_power_on": (
        "关机时下发锁定，开机后按压",
        "locked while off, pressed at power-on",
    ),
    "gui.sb_cause_command_replayed": ("重放的指令", "a replayed command"),
    "gui.sb_cause_command_foreign": ("其他平台的指令", "a foreign command"),
    "gui.sb_cause_command_tampered": ("被篡改的指令", "a tampered command"),
    "gui.sb_cause_grant_expired": ("过期的授权", "an expired grant"),
    "gui.sb_unbind": ("解绑印章盒", "Unbind the box"),
    "gui.sb_unbind_dots": ("解绑…", "Unbind…"),
    "gui.sb_unbind_confirm": (
        "解绑“{name}”？印章盒须在本机附近并已开机；有未结束的授权时平台会拒绝。解绑后印章盒恢复为"
        "未绑定，平台上的使用记录保留。",
        "Unbind “{name}”? The box must be switched on near this computer; the platform refuses "
        "while a grant is open. The box becomes unbound; its records stay on the platform.",
    ),
    "gui.sb_unbinding": ("正在解绑印章盒…", "Unbinding the box…"),
    "gui.sb_unbound": (
        "已解绑印章盒 {name}，屏幕：{screen}",
        "Unbound seal box {name}; screen: {screen}",
    ),
    "gui.sb_keepers_dots": ("管章人…", "Keepers…"),
    "gui.sb_keepers_title": ("管章人 · {box}", "Keepers · {box}"),
    "gui.sb_keepers_hint": (
        "勾选这台印章盒的管章人（最多 {most} 名）：他们可以授权、结束用印、取回记录和设置。只有具有"
        "管章人角色的人员可以担任。",
        "Tick the box's keepers (at most {most}): they grant, end use, fetch records and change "
        "settings. Only people holding the keeper role can be keepers.",
    ),
    "gui.sb_keepers_list": ("本单位人员", "People of the unit"),
    "gui.sb_keeper_role": ("管章人", "keeper"),
    "gui.sb_not_keeper_role": ("无管章人角色", "not a keeper"),
    "gui.sb_keepers_nobody": (
        "本机还没有本单位的人员：请先在“平台”页同步。",
        "No people of the unit on this computer yet: sync on the Platform page first.",
    ),
    "gui.sb_keepers_chosen": ("已选 {count} 名，最多 {most} 名", "{count} chosen, at most {most}"),
    "gui.sb_keepers_said": ("{box} 的管章人：{names}", "Keepers of {box}: {names}"),
    # a change made on what another admin changed since (409 stale): the people page's words
    "gui.sb_stale": (
        "你对{name}的修改未生效：服务器上已有他人更新的修改，这里已改为服务器上的内容，"
        "请查看后再修改。",
        "Your change to {name} did not take effect: someone changed it on the server since, "
        "and the server's version is shown here now. Look at it and change it again.",
    ),
    "gui.sb_stale_keepers": ("印章盒“{box}”的管章人", "the keepers of box “{box}”"),
    "gui.sb_stale_template": (
        "用印类别“{category}”的审批模板",
        "the approval template of category “{category}”",
    ),
    "gui.sb_stale_category": ("用印类别“{category}”", "category “{category}”"),
    "err.input.keepers.too_many": (
        "每台印章盒最多 3 名管章人。",
        "A box has at most 3 keepers.",
    ),
    "gui.sb_activate_dots": ("激活授权…", "Activate…"),
    "gui.sb_activate": ("激活", "Activate"),
    "gui.sb_activate_title": ("激活预先授权 · {box}", "Activate the pre-authorization · {box}"),
    "gui.sb_activate_hint": (
        "{user}：{start} 至 {end}，{count} 次。请输入授权人告知的 6 位激活码"
        "（还可尝试 {left} 次）。",
        "{user}: {start} to {end}, {count} time(s). Type the 6-digit activation code the "
        "keeper gave you ({left} tries left).",
    ),
    "gui.sb_activation_code_field": ("激活码", "Activation code"),
    "gui.sb_activation_code_hint": ("6 位数字", "6 digits"),
    "err.input.activation_code.format": (
        "激活码是 6 位数字。",
        "The activation code has 6 digits.",
    ),
    "gui.sb_activating": ("正在激活…", "Activating…"),
    "gui.sb_activated": (
        "预先授权已激活，屏幕：{screen}",
        "The pre-authorization is active; screen: {screen}",
    ),
    "gui.sb_activate_pending": (
        "{why} 平台已接受激活码：请在印章盒旁再次点击“激活授权…”。",
        "{why} The platform took the code: click “Activate…” again near the box.",
    ),
    "gui.sb_to_activate": ("待激活", "to activate"),
    "gui.sb_usage_mode": ("使用模式", "Usage mode"),
    "gui.sb_grant_area": ("用印区域", "Area"),
    "gui.sb_grant_area_hint": (
        "可使用设备的区域（可不填，最多 50 字）",
        "Where the box may be used (optional, ≤ 50)",
    ),
    "gui.sb_waiting_people": ("{count} 人待激活", "{count} waiting"),
    "gui.sb_in_use_pre_only": (
        "该印章盒正在由 {user} 使用：现在只能预先授权，使用人激活时须先结束用印。",
        "{user} is using this box: only a pre-authorization now; ending that use comes "
        "before its activation.",
    ),
    "gui.sb_box_grants": ("本设备授权：{lines}", "This box's grants: {lines}"),
    "gui.sb_mine": ("待我使用：{lines}", "Waiting for me: {lines}"),
    "gui.sb_not_yours": (
        "这台印章盒没有给您的待激活预先授权。",
        "This box has no pre-authorization to you waiting to be activated.",
    ),
    "gui.sb_flow_dots": ("审批流程…", "Approval flow…"),
    "gui.sb_flow_title": ("审批流程 · {box}", "Approval flow · {box}"),
    "gui.sb_flow_hint": (
        "用印申请选择类别后按该类别的模板审批：审批人依次审批（最多 3 名），并抄送（最多 3 名）。"
        "没有模板的类别和不选类别的申请按默认流程：本印章盒的管章人任一人审批。",
        "An application with a category is decided by that category's template: the approvers "
        "in order (at most 3), copied to at most 3. Without a template, or without a category, "
        "the default applies: any one of the box's keepers.",
    ),
    "gui.sb_flow_categories": ("用印类别", "Categories"),
    "gui.sb_flow_category_name": ("新类别名称", "New category's name"),
    "gui.sb_flow_add_category": ("添加类别", "Add category"),
    "gui.sb_flow_remove_category": ("删除所选类别", "Delete the chosen category"),
    "gui.sb_flow_templates": ("本印章盒的审批模板", "This box's templates"),
    "gui.sb_col_category": ("用印类别", "Category"),
    "gui.sb_col_approvers": ("审批人（依次）", "Approvers (in order)"),
    "gui.sb_col_cc": ("抄送", "Copied to"),
    "gui.sb_flow_approver_n": ("第 {n} 审批人", "Approver {n}"),
    "gui.sb_flow_cc_n": ("抄送人 {n}", "Copied to {n}"),
    "gui.sb_flow_nobody": ("（无）", "(none)"),
    "gui.sb_flow_save_template": ("保存模板", "Save template"),
    "gui.sb_flow_remove_template": ("删除所选模板", "Delete the chosen template"),
    "gui.sb_flow_close": ("关闭", "Close"),
    "gui.sb_flow_system": ("默认", "Default"),
    "gui.sb_flow_any_of": ("{names}（任一人）", "any one of {names}"),
    "gui.sb_flow_choose_category": (
        "请先在列表中选择一个类别。",
        "Choose a category in the list first.",
    ),
    "gui.sb_flow_no_category": ("请先添加用印类别。", "Add a category first."),
    "gui.sb_flow_choose_template": (
        "请先选择一个类别的模板（默认流程不能删除）。",
        "Choose a category's template first (the default cannot be deleted).",
    ),
    "gui.sb_flow_saved": ("审批流程已保存。", "The approval flow is saved."),
    "err.input.category.empty": ("请填写类别名称。", "Enter the category's name."),
    "err.input.category.too_long": (
        "类别名称最多 50 个字。",
        "A category's name has at most 50 characters.",
    ),
    "err.input.category.control": (
        "类别名称中有无法使用的字符。",
        "The category's name has characters not allowed.",
    ),
    "err.input.approvers.empty": ("请至少选择第 1 审批人。", "Choose the first approver."),
    "err.input.approvers.too_many": ("审批人最多 3 名。", "At most 3 approvers."),
    "err.input.approvers.repeated": (
        "同一人不能重复担任审批人。",
        "A person is chosen twice as an approver.",
    ),
    "err.input.cc.too_many": ("抄送最多 3 人。", "Copied to at most 3 people."),
    "err.input.cc.repeated": ("同一人不能重复抄送。", "A person is chosen twice to be copied."),
    # 使用记录's tabs (全部 / 我使用 / 我管理) in the window and `sealdesk sealbox history`
    "gui.sb_view_all": ("全部", "All"),
    "gui.sb_view_mine": ("我使用", "Mine"),
    "gui.sb_view_managed": ("我管理", "I manage"),
    "gui.sb_records_none_all": ("还没有使用记录。", "No records yet."),
    "gui.sb_records_none_mine": ("您还没有使用记录。", "You have no records yet."),
    "gui.sb_records_none_managed": (
        "您管理的印章盒还没有使用记录（管章人看所管印章盒的记录，管理员看全部印章盒的记录）。",
        "No records of the boxes you manage (a keeper manages the boxes they keep, an admin "
        "every box).",
    ),
    "cli.sb_record_stamp": ("第 {used} 次盖章", "stamp no. {used}"),
    "cli.sb_record_abnormal": ("异常：{cause}", "abnormal: {cause}"),
    "cli.sb_record_photo": ("，有照片", ", with a photo"),
    "cli.sb_history_none_all": ("没有记录。", "No records."),
    "cli.sb_history_none_mine": ("您没有记录。", "You have no records."),
    "cli.sb_history_none_managed": (
        "您管理的印章盒没有记录。",
        "No records of the boxes you manage.",
    ),
    "err.input.records_view.format": (
        "记录视图应为 all（全部）、mine（我使用）或 managed（我管理）。",
        "The view is all, mine or managed.",
    ),
    "err.input.record_kind.format": (
        "记录类型应为 stamp、abnormal 或 all。",
        "The kind is stamp, abnormal or all.",
    ),
    # 申请用印 in the window (强制上传记录 owed: the platform's refusal said in the dialog)
    "gui.sb_apply_dots": ("申请用印…", "Apply…"),
    "gui.sb_apply": ("提交申请", "Apply"),
    "gui.sb_apply_title": ("申请用印 · {box}", "Apply to stamp · {box}"),
    "gui.sb_apply_hint": (
        "申请由审批人审批，通过后由管章人或管理员下发授权。上一次授权要求强制上传记录而记录尚未"
        "全部上传时，平台不受理新的申请。",
        "The approvers decide; once approved, a keeper or an admin grants it. While the records "
        "of your last grant that forces record upload are not all uploaded, the platform takes "
        "no new application.",
    ),
    "gui.sb_apply_reason_hint": ("例如：采购合同盖章", "e.g. Purchase contract"),
    "gui.sb_apply_note": ("备注", "Note"),
    "gui.sb_apply_note_hint": ("选填，最多 120 个字", "Optional, at most 120 characters"),
    "gui.sb_applying": ("正在提交申请…", "Applying…"),
    "gui.sb_applied": (
        "已提交用印申请：{reason}（{count} 次），等待审批。",
        "Applied: {reason} ({count} time(s)), waiting for approval.",
    ),
    "err.input.app_reason.empty": ("请填写事由。", "Enter the reason."),
    "err.input.app_reason.too_long": (
        "事由最多 100 个字。",
        "A reason has at most 100 characters.",
    ),
    "err.input.app_reason.control": (
        "事由中有无法使用的字符。",
        "The reason has characters not allowed.",
    ),
    "err.input.app_note.too_long": ("备注最多 120 个字。", "A note has at most 120 characters."),
    "err.input.app_note.control": (
        "备注中有无法使用的字符。",
        "The note has characters not allowed.",
    ),
    # 用印申请's further fields (WAVE2-NOTES §B5): the dialog, the list's details, the CLI
    "gui.sb_file_name": ("文件名称", "File name"),
    "gui.sb_file_name_hint": ("选填，最多 100 个字", "Optional, at most 100 characters"),
    "gui.sb_file_type": ("文件类型", "File type"),
    "gui.sb_file_type_hint": ("选填，例如：合同，最多 50 个字", "Optional, e.g. Contract, ≤ 50"),
    "gui.sb_copies": ("份数", "Copies"),
    "gui.sb_copies_hint": ("1–10000", "1–10000"),
    "gui.sb_department": ("部门", "Department"),
    "gui.sb_area": ("区域", "Area"),
    "gui.sb_area_hint": ("选填，最多 50 个字", "Optional, at most 50 characters"),
    "gui.sb_file_code": ("文件标识", "File code"),
    "gui.sb_file_code_hint": (
        "选填：69 开头的 13 位条码，或二维码内容（最多 200 个字）",
        "Optional: a 13-digit barcode starting 69, or a QR code's text (≤ 200)",
    ),
    "gui.sb_photo_required": ("强制上传图片", "Photos required"),
    "gui.sb_photo_required_tip": (
        "用印时必须拍照并上传图片。",
        "Each stamp must be photographed and the photo uploaded.",
    ),
    "gui.sb_none_chosen": ("（无）", "(none)"),
    "gui.sb_app_details": ("申请详情", "Application details"),
    "gui.sb_app_detail_reason": ("事由：{reason}", "Reason: {reason}"),
    # an application's optional fields in words, alike on the command line and in the window
    "sb.app_category": ("用印类别：{name}", "Category: {name}"),
    "sb.app_file": (
        "文件：{name}（{type}，{copies} 份）",
        "File: {name} ({type}, {copies} copies)",
    ),
    "sb.app_department": ("部门：{name}", "Department: {name}"),
    "sb.app_area": ("区域：{area}", "Area: {area}"),
    "sb.app_code_barcode": ("文件标识（条码）：{code}", "File code (barcode): {code}"),
    "sb.app_code_qr": ("文件标识（二维码）：{code}", "File code (QR): {code}"),
    "sb.app_photo_required": ("强制上传图片", "Photos required"),
    "sb.app_note": ("备注：{note}", "Note: {note}"),
    "sb.usage_physical": ("物理印章模式", "physical seal mode"),
    "sb.usage_electronic": ("电子印章模式", "electronic seal mode"),
    "sb.grant_area": ("用印区域：{area}", "Area: {area}"),
    "sb.grant_way_direct": ("直接授权", "direct"),
    "sb.grant_way_preauthorized": ("预先授权", "pre-authorized"),
    "sb.grant_state_active": ("用印中", "in use"),
    "sb.grant_state_waiting": ("待激活", "waiting for activation"),
    "sb.grant_state_expired": ("已过期", "expired"),
    "sb.grant_state_ended": ("用印结束", "ended"),
    "sb.grant_state_refused": ("设备拒绝", "refused by the box"),
    "cli.sb_grants_none": ("没有授权。", "No grants."),
    "err.input.usage_mode.unknown": (
        "使用模式须为 physical（物理印章模式）或 electronic（电子印章模式）。",
        "The usage mode is physical or electronic.",
    ),
    "err.input.grant_area.too_long": (
        "用印区域最多 50 个字。",
        "An area has at most 50 characters.",
    ),
    "err.input.grant_area.control": (
        "用印区域中不能有换行或制表符。",
        "The area may not have line breaks or tabs.",
    ),
    "err.input.file_name.too_long": (
        "文件名称最多 100 个字。",
        "A file name has at most 100 characters.",
    ),
    "err.input.file_name.control": (
        "文件名称中有无法使用的字符（如换行、制表符）。",
        "The file name has characters not allowed (line breaks, tabs …).",
    ),
    "err.input.file_type.too_long": (
        "文件类型最多 50 个字。",
        "A file type has at most 50 characters.",
    ),
    "err.input.file_type.control": (
        "文件类型中有无法使用的字符（如换行、制表符）。",
        "The file type has characters not allowed (line breaks, tabs …).",
    ),
    "err.input.copies.empty": ("请填写份数。", "Enter the number of copies."),
    "err.input.copies.format": (
        "份数应为 1 到 10000 的整数。",
        "Copies: a whole number from 1 to 10000.",
    ),
    "err.input.app_area.too_long": ("区域最多 50 个字。", "An area has at most 50 characters."),
    "err.input.app_area.control": (
        "区域中有无法使用的字符（如换行、制表符）。",
        "The area has characters not allowed (line breaks, tabs …).",
    ),
    "err.input.file_code.check_digit": (
        "文件标识的条码校验位不对：69 开头的 13 位条码（EAN-13），最后一位是按前 12 位算出的"
        "校验位，请核对条码。",
        "The file code's barcode has a wrong check digit: a 13-digit barcode starting 69 "
        "(EAN-13) ends with a digit computed from the first 12; check the barcode.",
    ),
    "err.input.file_code.too_long": (
        "文件标识（二维码内容）最多 200 个字。",
        "A file code (a QR code's text) has at most 200 characters.",
    ),
    "err.input.file_code.control": (
        "文件标识中有无法使用的字符（如换行、制表符）。",
        "The file code has characters not allowed (line breaks, tabs …).",
    ),
    "err.input.app_department.unknown": (
        "本单位没有这个部门（已删除，或名称、编号不对）。",
        "The unit has no such department (removed, or a wrong name or id).",
    ),
    # 首页's 待我审批 (desktop/gui/home_approvals.py)
    "gui.home_todo": ("待我审批", "Waiting for my approval"),
    "gui.home_todo_count": ("待我审批（{count}）", "Waiting for my approval ({count})"),
    "gui.home_todo_line": (
        "{who}：{reason}（{count} 次，{box}，{when} 申请）",
        "{who}: {reason} ({count} time(s), {box}, applied {when})",
    ),
    "gui.home_todo_more": ("还有 {count} 条", "{count} more"),
    "gui.home_todo_open": ("前往审批", "Go to the applications"),
    # 重命名 a box (设备名称, 设备备注): the window's dialog and `sealdesk sealbox rename`
    "gui.sb_rename_dots": ("重命名…", "Rename…"),
    "gui.sb_rename_title": ("重命名 · {box}", "Rename · {box}"),
    "gui.sb_rename_hint": (
        "设备名称和备注保存在平台上，本单位的人员都能看到；印章盒广播的蓝牙名称不变。",
        "The name and note are kept on the platform for the unit to see; the box's Bluetooth "
        "name stays as it is.",
    ),
    "gui.sb_renaming": ("正在保存…", "Saving…"),
    "gui.sb_renamed": ("印章盒“{before}”已改名为“{name}”。", "Box “{before}” is now “{name}”."),
    "gui.sb_box_note_hint": ("选填，最多 100 个字", "Optional, at most 100 characters"),
    "cli.sb_renamed": ("印章盒“{before}”已改名为“{name}”。", "Box '{before}' is now '{name}'."),
    "cli.sb_box_note": ("设备备注：{note}", "Note: {note}"),
    "err.input.rename.empty": (
        "请给出新的设备名称（--name）或设备备注（--note）。",
        "Give the new name (--name) or note (--note).",
    ),
    "err.input.box_name.too_long": (
        "设备名称最多 50 个字。",
        "A box's name has at most 50 characters.",
    ),
    "err.input.box_name.control": (
        "设备名称中有无法使用的字符（如换行、制表符）。",
        "The box's name has characters not allowed (line breaks, tabs …).",
    ),
    "err.input.box_note.too_long": (
        "设备备注最多 100 个字。",
        "A box's note has at most 100 characters.",
    ),
    "err.input.box_note.control": (
        "设备备注中有无法使用的字符（如换行、制表符）。",
        "The box's note has characters not allowed (line breaks, tabs …).",
    ),
    "gui.sb_photos_refused": (
        "有 {count} 张照片与记录不符，未保存，下次取回时再取。",
        "{count} photo(s) unlike their record were not kept; the next fetch asks again.",
    ),
    "gui.skip": ("跳过", "Skip"),
    "gui.again": ("再次输入", "Again"),
    "gui.logging_in": ("正在登录…", "Logging in…"),
    "gui.platform_login_title": ("登录电子印章平台", "Log in to the e-seal platform"),
    "gui.platform_server": ("平台地址", "Platform address"),
    "gui.platform_tab_ukey": ("USBKey 登录", "USB key"),
    "gui.platform_tab_account": ("账号登录", "Account"),
    "gui.platform_ukey_hint": (
        "委办单位使用单位 UKey 登录：平台发来的随机数由 USB Key 签名，需要输入 PIN 码。"
        "单位的第一把 UKey 为超级管理员和主UKey，其他 UKey 须先加入白名单。",
        "A unit logs in with its USB key: the key signs the platform's random challenge, after "
        "the PIN. The unit's first key is the super administrator and main key; other keys must "
        "be on the whitelist first.",
    ),
    "gui.platform_login_ukey": ("UKey 登录", "Log in with the key"),
    "gui.platform_login_account": ("登录", "Log in"),
    "gui.platform_phone": ("手机号", "Phone"),
    "gui.platform_phone_hint": ("11 位手机号", "11-digit mobile number"),
    "gui.platform_password": ("密码", "Password"),
    "gui.platform_code": ("短信验证码", "SMS code"),
    "gui.platform_code_hint": ("6 位数字", "6 digits"),
    "gui.platform_send_code": ("获取验证码", "Send code"),
    "gui.platform_send_again": ("重新获取（{seconds} 秒）", "Send again ({seconds} s)"),
    "gui.platform_sending_code": ("正在发送验证码…", "Sending the code…"),
    "gui.platform_code_sent": (
        "验证码已发送至 {phone}，{minutes} 分钟内有效。",
        "A code was sent to {phone}; it is valid for {minutes} minutes.",
    ),
    "gui.platform_use_sms": ("切换验证码登录", "Use an SMS code instead"),
    "gui.platform_use_password": ("切换密码登录", "Use the password instead"),
    "gui.platform_account_note": (
        "公务人员须先由所属单位在【人员管理】中添加，方可使用账号登录。"
        "无密码请使用短信验证码登录；忘记密码可找回。",
        "A civil servant logs in with an account once their unit has added them under People. "
        "No password yet: use an SMS code; a forgotten one can be reset.",
    ),
    "gui.platform_cert_key_needed": (
        "申请须由本单位的 UKey 签名：请插入主UKey 或白名单中的 UKey。",
        "The request is signed by a key of the unit: plug in the main key or a whitelisted one.",
    ),
    "gui.platform_forgot": ("忘记密码？", "Forgot the password?"),
    "gui.platform_captcha": ("图形验证码", "Picture code"),
    "gui.platform_captcha_hint": ("图中字符，不区分大小写", "The characters shown, any case"),
    "gui.platform_captcha_refresh": ("看不清？换一张", "Hard to read? Another one"),
    "gui.platform_reset": ("找回密码", "Reset the password"),
    "gui.platform_back_to_login": ("返回登录", "Back to login"),
    "gui.platform_new_password": ("新密码", "New password"),
    "gui.platform_resetting": ("正在重设密码…", "Resetting the password…"),
    "gui.platform_password_reset_done": (
        "密码已重设，请用新密码登录。用旧密码登录的会话已结束。",
        "The password is reset: log in with the new one. Sessions of the old password ended.",
    ),
    "gui.platform_set_password": ("设置登录密码", "Set a login password"),
    "gui.platform_set_password_lead": (
        "您还没有登录密码。设置后可用手机号和密码登录（8–20 位，至少包含字母、数字、符号中的"
        "两种）；也可跳过，下次仍可用短信验证码登录。",
        "You have no login password yet. With one you log in by phone and password (8–20 "
        "characters, two of letters, digits, symbols); skip, and log in by SMS code next time.",
    ),
    "gui.platform_password_mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "gui.platform_password_set": ("登录密码已设置。", "The login password is set."),
    "gui.platform_stage_challenge": ("正在连接平台…", "Reaching the platform…"),
    "gui.platform_stage_signing": ("正在用 USB Key 签名…", "Signing with the USB key…"),
    "gui.platform_stage_login": ("正在登录…", "Logging in…"),
    "gui.platform_stage_sync": ("正在同步单位数据…", "Syncing the unit's data…"),
    "gui.platform_loading": ("正在读取本机数据…", "Reading the local copy…"),
    "gui.platform_syncing": ("正在同步…", "Syncing…"),
    "gui.platform_saving": ("正在保存到平台…", "Saving to the platform…"),
    "gui.platform_logging_out": ("正在退出登录…", "Logging out…"),
    "gui.platform_reading_audit": ("正在读取操作日志…", "Reading the operation log…"),
    "gui.platform_who": (
        "{name}（{roles}）· {unit}  {code}",
        "{name} ({roles}) · {unit}  {code}",
    ),
    "gui.platform_last_sync": ("上次同步：{time}", "Last sync: {time}"),
    "gui.platform_never": ("从未同步", "never"),
    "gui.platform_outbox": (
        "本机有 {count} 项修改待同步",
        "{count} change(s) here wait to be synced",
    ),
    "gui.platform_outbox_others": (
        "另有 {count} 项他人的修改，待其本人登录后同步",
        "{count} change(s) by someone else wait for them to log in",
    ),
    "gui.platform_outbox_unclaimed": (
        "{count} 项修改未记录作者，待认领（sealdesk platform outbox）",
        "{count} change(s) with no author wait to be claimed (sealdesk platform outbox)",
    ),
    "gui.platform_logged_out_kept": (
        "已退出登录。您有 {count} 项修改尚未发送，仍保存在本机，您再次登录后自动发送。",
        "Logged out. {count} change(s) of yours not yet sent stay here and are sent when you "
        "log in again.",
    ),
    "gui.platform_sync": ("同步", "Sync"),
    "gui.platform_sync_hint": (
        "发送本机的修改，并获取平台上的最新数据",
        "Send the changes made here and fetch the platform's latest data",
    ),
    "gui.platform_logout": ("退出登录", "Log out"),
    "gui.platform_offline": (
        "⚠ 离线：无法连接平台服务器 {url}。以下为本机保存的数据，只能查看，不能修改"
        "（上次同步：{last}）。网络恢复后请点击【同步】。",
        "⚠ Offline: the platform server {url} cannot be reached. This is the copy kept here, "
        "read-only (last sync: {last}). Press Sync once the network is back.",
    ),
    "gui.platform_offline_short": (
        "{time} 无法连接平台服务器：显示的是本机数据（只读）。",
        "{time}: the platform server cannot be reached; showing the local copy (read-only).",
    ),
    "gui.platform_role_rights": ("{duty}。平台权限：{rights}", "{duty}. On the platform: {rights}"),
    "role.system_admin": (
        "默认只能是 UKey 用户；印章、人员、权限、文件管理，应用中心，审计，申请数字证书",
        "A key user by default: seals, people, roles, files, apps, audit, the certificate",
    ),
    "role.app_admin": (
        "维护接入的第三方应用：新增、修改、删除应用，查看、重置秘钥",
        "Maintains the connected apps: add, change, delete them, see and reset their secrets",
    ),
    "role.people_admin": (
        "维护单位下的所有公务人员：新增、编辑、删除",
        "Maintains the unit's civil servants: add, edit, remove",
    ),
    "role.seal_admin": (
        "单位所有印章的生命周期及授权管理：申请、写入 UKey、注销、设置使用者、授权应用",
        "Every seal of the unit: apply, write into the key, revoke, set users, authorise apps",
    ),
    "role.auditor": ("查看单位的所有操作记录", "Reads every operation of the unit"),
    "role.seal_maker": (
        "申请印章，申请人为印章的初始管理员",
        "Applies for seals and becomes their first administrator",
    ),
    "gui.platform_unreachable": (
        "无法连接平台服务器 {url}，请检查地址和网络。",
        "The platform server {url} cannot be reached: check the address and the network.",
    ),
    "gui.platform_session_ended": (
        "登录已失效，请重新登录。",
        "The session has ended: please log in again.",
    ),
    "gui.platform_people": ("人员管理", "People"),
    "gui.platform_roles": ("角色管理", "Roles"),
    "gui.platform_whitelist": ("白名单", "Whitelist"),
    "gui.platform_audit": ("操作日志", "Operation log"),
    "gui.platform_search_people": (
        "按姓名、手机号或姓名首字母查找",
        "Search by name, phone or the name's initials",
    ),
    "gui.platform_letter": ("字母", "Letter"),
    "gui.platform_all_letters": ("全部字母", "Any letter"),
    "gui.platform_state_all": ("全部状态", "Any state"),
    "gui.platform_state_active": ("在职", "In service"),
    "gui.platform_state_left": ("离职", "Left"),
    "gui.platform_in": ("在职", "In service"),
    "gui.platform_all_departments": ("全部部门", "All departments"),
    "gui.platform_no_department": ("未加入部门", "No department"),
    "gui.platform_add_person": ("添加人员", "Add person"),
    "gui.platform_edit_person": ("编辑人员", "Edit person"),
    "gui.platform_edit": ("编辑", "Edit"),
    "gui.platform_remove": ("移除", "Remove"),
    "gui.platform_readd": ("重新加入", "Add again"),
    "gui.platform_departments": ("部门管理", "Departments"),
    "gui.platform_col_name": ("真实姓名", "Name"),
    "gui.platform_col_phone": ("手机号", "Phone"),
    "gui.platform_col_id": ("身份证号", "ID number"),
    "gui.platform_col_department": ("部门", "Department"),
    "gui.platform_col_roles": ("人员权限", "Roles"),
    "gui.platform_col_state": ("状态", "State"),
    "gui.platform_id_hint": ("18 位，可不填", "18 characters, optional"),
    "gui.platform_count": (
        "共 {count} 人，在职 {active} 人",
        "{count} people, {active} in service",
    ),
    "gui.platform_people_ro": (
        "只有单位 UKey 用户或公务人员管理员可以添加、编辑、移除人员；您可以查看和搜索。",
        "Only the unit's key holder or a people administrator adds, edits and removes people; "
        "you may view and search.",
    ),
    "gui.platform_remove_confirm": (
        "确定移除 {name}？移除后该人员不能再登录，所有权限同时被移除；之后可以重新加入。",
        "Remove {name}? They can no longer log in and lose every role; they can be added "
        "again later.",
    ),
    "gui.platform_person_saved": ("已保存 {name}。", "{name} saved."),
    "gui.platform_readded": ("{name} 已重新加入。", "{name} is back in service."),
    "gui.platform_department_name": ("部门名称", "Department name"),
    "gui.platform_add_department": ("添加部门", "Add department"),
    "gui.platform_remove_department": ("删除部门", "Delete department"),
    "gui.platform_department_note": (
        "删除部门后，其成员移至“未加入部门”。每个单位最多 50 个部门。",
        "A deleted department's members move to 'No department'. A unit has at most 50.",
    ),
    "gui.platform_department_added": ("已添加部门 {name}。", "Department {name} added."),
    "gui.platform_department_removed": ("已删除部门 {name}。", "Department {name} deleted."),
    "gui.platform_roles_of": ("{name} 的角色", "Roles of {name}"),
    "gui.platform_roles_ro": (
        "只有超级管理员或系统管理员可以分配角色；您可以查看。",
        "Only the super administrator or a system administrator gives roles; you may view them.",
    ),
    "gui.platform_super_admin_fixed": (
        "超级管理员（单位 UKey 用户）：始终拥有单位的全部权限，不可移除。",
        "Super administrator (the unit's key holder): every right of the unit, for good.",
    ),
    "gui.platform_member_fixed": (
        "公务人员：在职人员都有（查看和搜索人员、部门、角色）。",
        "Civil servant: everyone in service (view and search people, departments, roles).",
    ),
    "gui.platform_roles_saved": ("已保存 {name} 的角色。", "Roles of {name} saved."),
    "gui.platform_col_role": ("角色", "Role"),
    "gui.platform_col_members": ("成员", "Members"),
    "gui.platform_col_entity": ("通用实体唯一标识", "Entity id"),
    "gui.platform_col_label": ("备注", "Note"),
    "gui.platform_col_holder": ("使用人", "Used by"),
    "gui.platform_entity_hint": (
        "UKey 的通用实体唯一标识（证书助手中可查看）",
        "The key's entity id (shown by the certificate assistant)",
    ),
    "gui.platform_holder_default": ("单位 UKey 用户", "The unit's key holder"),
    "gui.platform_whitelist_add": ("添加", "Add"),
    "gui.platform_whitelist_remove": ("移出白名单", "Remove from whitelist"),
    "gui.platform_whitelist_note": (
        "设置主UKey 后，只有白名单中的单位 UKey 可以登录；主UKey 自动在白名单中，不能移出。",
        "Only unit keys on the whitelist log in besides the main key, which is always on it.",
    ),
    "gui.platform_whitelist_confirm": (
        "确定将 {entity} 移出白名单？该 UKey 将不能再登录。",
        "Remove {entity} from the whitelist? That key can no longer log in.",
    ),
    "gui.platform_whitelist_denied": (
        "白名单只有超级管理员和系统管理员可以查看和管理。",
        "Only the super administrator and system administrators see and manage the whitelist.",
    ),
    "gui.platform_audit_denied": (
        "只有审计员和超级管理员可以查看操作日志。您的角色：{roles}。",
        "Only auditors and the super administrator read the operation log. Your roles: {roles}.",
    ),
    "gui.platform_certificate": ("数字证书", "Certificate"),
    "gui.platform_cert_apply": ("申请数字证书", "Request the certificate"),
    "gui.platform_cert_lead": (
        "使用电子签章平台签署文件前，请填写以下信息完成数字证书申请",
        "Before signing on the e-seal platform, fill in the following to request the certificate",
    ),
    "gui.platform_cert_unit": ("单位名称", "Unit"),
    "gui.platform_cert_code": ("统一社会信用代码", "Unified social credit code"),
    "gui.platform_cert_name": ("经办人", "Handler"),
    "gui.platform_cert_name_hint": ("请输入经办人姓名", "The handler's name"),
    "gui.platform_cert_id_hint": ("18 位居民身份证号", "18-character ID number"),
    "gui.platform_cert_email": ("邮箱", "E-mail"),
    "gui.platform_cert_agree": (
        "我已阅读并同意《数字证书订户协议》",
        "I have read and accept the certificate subscriber agreement",
    ),
    "gui.platform_cert_none_note": (
        "本单位尚未申请数字证书：申请后才能申请印章、签署文件。",
        "This unit has not requested its certificate: seals and signing need it first.",
    ),
    "gui.platform_cert_denied": (
        "只有超级管理员和系统管理员可以查看和申请数字证书。您的角色：{roles}。",
        "Only the super administrator and system administrators see and request the "
        "certificate. Your roles: {roles}.",
    ),
    "gui.platform_cert_unknown": (
        "尚未读取：连接平台后显示。",
        "Not read yet: shown once the platform is reachable.",
    ),
    "gui.platform_reading_cert": ("正在读取数字证书…", "Reading the certificate…"),
    "gui.platform_requesting_cert": ("正在申请数字证书…", "Requesting the certificate…"),
    # the 平台 page's 印章 tab: 印章申请 (seed 004 S4:391-450)
    "gui.platform_seals": ("印章", "Seals"),
    "gui.platform_seal_apply": ("申请印章…", "Apply for a seal…"),
    "gui.platform_seal_apply_title": ("申请电子印章", "Apply for an electronic seal"),
    "gui.platform_seal_submit": ("提交申请", "Apply"),
    "gui.platform_seal_all_states": ("全部状态", "All states"),
    "gui.platform_seal_all_types": ("全部类型", "All types"),
    "gui.platform_seal_search": ("按印章名称查找", "Search by the seal's name"),
    "gui.platform_seal_col_applied": ("申请时间", "Applied"),
    "gui.platform_seal_details": ("印章申请详情", "The application"),
    "gui.platform_seal_id": ("编号", "Id"),
    "gui.platform_seal_count": ("共 {count} 个印章申请", "{count} seal applications"),
    "gui.platform_seal_choose": ("选择一个印章申请", "Choose an application"),
    "gui.platform_seal_image_line": ("{name}（{type}，{kb} KB）", "{name} ({type}, {kb} KB)"),
    "gui.platform_seal_reading": ("正在读取印章申请…", "Reading the seal applications…"),
    "gui.platform_seal_reading_one": ("正在读取印章图片…", "Reading the seal's image…"),
    "gui.platform_seal_applying": ("正在提交印章申请…", "Applying for the seal…"),
    "gui.platform_seal_generating": ("正在生成印章图片…", "Drawing the seal…"),
    "gui.platform_seal_denied": (
        "只有超级管理员、系统管理员、印章管理员和印章制作员可以申请和查看印章。您的角色：{roles}。",
        "Only the super administrator, system administrators, seal administrators and seal "
        "makers apply for and see seals. Your roles: {roles}.",
    ),
    "gui.platform_seal_offline": (
        "无法连接平台（{url}）：印章申请只保存在平台上，连上平台后点击【刷新】查看。",
        "The platform ({url}) cannot be reached: seal applications are kept on the platform "
        "only; press Refresh once it is reachable.",
    ),
    "gui.platform_seal_offline_apply": (
        "离线时不能申请印章：申请不会在本机排队，请连上平台后再申请。",
        "Offline: a seal application is not queued here; apply once the platform is reachable.",
    ),
    "gui.platform_seal_unreachable": (
        "无法连接平台（{url}）：印章申请没有提交（不会离线排队）；连上平台后再点击【提交申请】。",
        "The platform ({url}) cannot be reached: the application was not sent (nothing is "
        "queued offline); press Apply again once it is reachable.",
    ),
    "gui.platform_seal_lead": (
        "印章图片可上传本地图片（jpg、jpeg、png、gif），或按本单位名称自动生成。提交后状态为"
        "【待审核】，CA 客服审核通过后方可使用。",
        "Upload the seal's image (jpg, jpeg, png, gif) or generate one with the unit's name. "
        "The application then waits for the CA's review; the seal is usable once approved.",
    ),
    "gui.platform_seal_handler_name": ("经办人姓名", "Handler's name"),
    "gui.platform_seal_handler_phone": ("经办人手机号", "Handler's mobile"),
    "gui.platform_seal_handler_id": ("经办人身份证号", "Handler's ID number"),
    "gui.platform_seal_mm": ("毫米（宽×高，默认 42×42）", "mm (W×H, 42×42 by default)"),
    "gui.platform_seal_upload": ("上传图片…", "Upload an image…"),
    "gui.platform_seal_choose_picture": ("选择印章图片", "Choose the seal's image"),
    "gui.platform_seal_generate": ("自动生成", "Generate"),
    "gui.platform_seal_style": ("样式", "Style"),
    "gui.platform_seal_style_party": ("党纪委公章", "Party discipline seal"),
    "gui.platform_seal_style_official": ("普通公章", "Official seal"),
    "gui.platform_seal_style_union": ("工会公章", "Trade union seal"),
    "gui.platform_seal_style_youth": ("共青团章", "Youth League seal"),
    "gui.platform_seal_no_preview": ("无图片", "No image"),
    "gui.platform_seal_no_picture": (
        "上传本地图片，或选择样式后点击【自动生成】。",
        "Upload an image, or choose a style and press Generate.",
    ),
    "gui.platform_seal_uploaded": (
        "上传：{name}（{type}，{kb} KB）",
        "Upload: {name} ({type}, {kb} KB)",
    ),
    "gui.platform_seal_loading": ("正在读取图片…", "Reading the image…"),
    "gui.platform_seal_loading_file": (
        "正在读取并检查：{name}（可随时改选其他图片）",
        "Reading and checking {name} (you may choose another image meanwhile)",
    ),
    "gui.platform_seal_generated": (
        "自动生成：{style}（平台按本单位名称绘制）",
        "Generated: {style} (the platform draws it with the unit's name)",
    ),
    "gui.platform_seal_pick_picture": (
        "请上传印章图片，或选择样式后自动生成。",
        "Upload the seal's image, or choose a style and generate it.",
    ),
    "gui.platform_seal_ukey_only": (
        "USB KEY 印章只能由单位 UKey 用户（超级管理员）申请，并以单位 UKey 签名；"
        "您可以申请云端印章。",
        "Only the unit's UKey user (the super administrator) applies for a USB key seal, "
        "signed with the unit's key; you may apply for a cloud seal.",
    ),
    "gui.platform_seal_key_needed": (
        "USB KEY 印章的申请须以单位 UKey 签名：请插入主UKey 或白名单中的 UKey。",
        "A USB key seal's application is signed by a key of the unit: plug in the main key or "
        "a whitelisted one.",
    ),
    "gui.platform_seal_cert_needed": (
        "平台拒绝：本单位尚未申请数字证书，申请后才能申请印章。请先点击【申请数字证书…】，"
        "再点击【提交申请】。",
        "Refused by the platform: the unit has not requested its certificate, which seals need "
        "first. Press Request the certificate…, then Apply again.",
    ),
    "gui.platform_seal_cert_ask": (
        "平台拒绝：本单位尚未申请数字证书，申请后才能申请印章。请超级管理员或系统管理员先申请"
        "数字证书。",
        "Refused by the platform: the unit has not requested its certificate, which seals need "
        "first. Ask the super administrator or a system administrator to request it.",
    ),
    "gui.platform_seal_cert_done": (
        "数字证书已申请：点击【提交申请】提交印章申请。",
        "The certificate is requested: press Apply to send the application.",
    ),
    "gui.platform_seal_receipt": ("回执…", "Receipt…"),
    "gui.platform_seal_receipt_hint": (
        "以申请该印章的 UKey 签收平台已审核通过的印章（须输入 PIN），回执后印章有效。",
        "Take the seal the CA approved with the key that applied for it (its PIN); it is "
        "valid after the receipt.",
    ),
    "gui.platform_seal_receipt_title": ("印章回执", "Seal receipt"),
    "gui.platform_seal_receipting": ("正在回执…", "Sending the receipt…"),
    "gui.platform_seal_receipted": (
        "已回执：印章“{name}”现已有效，至 {valid_to}。点击【写入UKey…】将其写入 UKey。",
        "Receipt done: the seal '{name}' is valid until {valid_to}. Press Write into key… to "
        "put it into the key.",
    ),
    "gui.platform_seal_write": ("写入UKey…", "Write into key…"),
    "gui.platform_seal_write_hint": (
        "从平台下载并检查该印章，输入 PIN 后写入插入的 UKey。",
        "Download and check the seal from the platform, then write it into the key in the "
        "reader with its PIN.",
    ),
    "gui.platform_seal_write_title": ("写入UKey", "Write into key"),
    "gui.platform_seal_downloading": ("正在下载并检查印章…", "Downloading and checking the seal…"),
    "gui.platform_seal_writing": ("正在写入UKey…", "Writing into the key…"),
    "gui.platform_seal_written": (
        "已写入UKey：{label}（【印章】与【首页】页可见，签署时可选用）。",
        "Written into the key: {label} (shown on the Seals and Home pages, ready to sign with).",
    ),
    "gui.platform_seal_no_key": (
        "未检测到 UKey：请插入申请该印章的 UKey 后重试。",
        "No key detected: plug in the key that applied for this seal and try again.",
    ),
    "gui.platform_seal_freeze": ("冻结", "Freeze"),
    "gui.platform_seal_freeze_hint": (
        "冻结后印章不能写入 UKey，解冻后恢复。",
        "A frozen seal is not written into a key until it is unfrozen.",
    ),
    "gui.platform_seal_unfreeze": ("解冻", "Unfreeze"),
    "gui.platform_seal_freezing": ("正在冻结…", "Freezing…"),
    "gui.platform_seal_unfreezing": ("正在解冻…", "Unfreezing…"),
    "gui.platform_seal_frozen": (
        "已冻结印章“{name}”：解冻前不能写入 UKey。",
        "Froze the seal '{name}': it is not written into a key until unfrozen.",
    ),
    "gui.platform_seal_revoke": ("注销…", "Revoke…"),
    "gui.platform_seal_revoke_hint": (
        "注销后印章失效，不可撤销；已写入 UKey 的副本不会自动删除。",
        "A revoked seal is no longer valid, for good; a copy written into a key stays there.",
    ),
    "gui.platform_seal_revoke_confirm": (
        "确定注销印章“{name}”（{type}，{size}）吗？\n\n注销不可撤销：印章将变为已注销，"
        "不能再写入 UKey；已写入 UKey 的副本不会自动删除（可在【首页】删除）。",
        "Revoke the seal '{name}' ({type}, {size})?\n\nThis cannot be undone: the seal "
        "becomes revoked and is no longer written into a key; a copy already in a key stays "
        "there (delete it on the Home page).",
    ),
    "gui.platform_seal_revoking": ("正在注销…", "Revoking…"),
    "gui.platform_seal_revoked": (
        "已注销印章“{name}”；已写入 UKey 的副本不会自动删除（可在【首页】删除）。",
        "Revoked the seal '{name}'; a copy written into a key stays there (delete it on the "
        "Home page).",
    ),
    "gui.platform_refresh": ("刷新", "Refresh"),
    "gui.platform_search_audit": ("按操作人、操作或对象查找", "Search by who, action or target"),
    "gui.platform_audit_count": (
        "显示 {count} 条（本机保存最近 {kept} 条，离线时也可查看）",
        "{count} shown ({kept} kept here, readable offline)",
    ),
    "gui.platform_col_time": ("时间", "Time"),
    "gui.platform_col_actor": ("操作人", "Who"),
    "gui.platform_col_action": ("操作", "Action"),
    "gui.platform_col_target": ("对象", "Target"),
    "gui.platform_col_result": ("结果", "Result"),
    "gui.platform_col_client": ("客户端地址", "Client address"),
    "gui.platform_cancel_hint": (
        "不再等待平台的回答（已发出的请求可能已在平台上完成，下次同步可见）",
        "Stop waiting for the platform (a request already sent may be done there; the next "
        "sync shows it)",
    ),
    "gui.platform_cancelled": (
        "已取消等待。已发出的请求可能已在平台上完成，请稍后点击【同步】查看。",
        "Stopped waiting. A request already sent may be done on the platform: press Sync later.",
    ),
    "gui.platform_ok": ("成功", "done"),
    "gui.platform_refused": ("✗ 拒绝（{kind}）", "✗ refused ({kind})"),
    # what each role may do, in words (the server's permission table)
    "perm.people.write": ("管理人员", "manage people"),
    "perm.departments.write": ("管理部门", "manage departments"),
    "perm.roles.write": ("分配角色", "give roles"),
    "perm.whitelist.read": ("查看白名单", "see the whitelist"),
    "perm.whitelist.write": ("管理白名单", "manage the whitelist"),
    "perm.audit.read": ("查看操作日志", "read the operation log"),
    "perm.certificate.read": ("查看数字证书", "see the certificate"),
    "perm.certificate.request": ("申请数字证书", "request the certificate"),
    # the operation log's actions
    "audit.login": ("登录", "log in"),
    "audit.login.ukey": ("UKey 登录", "key login"),
    "audit.login.sms": ("短信验证码登录", "SMS code login"),
    "audit.login.password": ("密码登录", "password login"),
    "audit.logout": ("退出登录", "log out"),
    "audit.person.add": ("添加人员", "add person"),
    "audit.person.edit": ("编辑人员", "edit person"),
    "audit.person.remove": ("移除人员", "remove person"),
    "audit.roles.set": ("设置角色", "set roles"),
    "audit.department.add": ("添加部门", "add department"),
    "audit.department.remove": ("删除部门", "delete department"),
    "audit.whitelist.add": ("加入白名单", "whitelist a key"),
    "audit.whitelist.remove": ("移出白名单", "remove a key"),
    "audit.password.set": ("设置登录密码", "set password"),
    "audit.signing_password.set": ("设置签署密码", "set signing password"),
    "audit.certificate.request": ("申请数字证书", "request certificate"),
    # where seal boxes are used: this computer's place, 轨迹, SMS (cmd_track, sealbox_track)
    "audit.sealbox.sms.use": ("用印短信通知", "SMS about a use"),
    "audit.sealbox.sms.lock": ("挂失锁定短信", "SMS about a lost-lock"),
    "cli.sb_place": ("本机位置：{place}", "This computer's place: {place}"),
    "cli.sb_place_none": (
        "未设置本机位置：本机连接的印章盒不带使用位置。",
        "No place set for this computer: the boxes it reaches get no place.",
    ),
    "cli.sb_place_unknown": ("位置未知", "place unknown"),
    "cli.sb_track_last": (
        "{box} 最后已知位置：{place}（{at}）",
        "{box}'s last known position: {place} ({at})",
    ),
    "cli.sb_track_last_unknown": (
        "{box} 最后已知位置：未知",
        "{box}'s last known position: unknown",
    ),
    "cli.sb_track_none": ("没有符合条件的使用记录。", "No use matches."),
    "cli.sb_sms_sent": ("已发送", "sent"),
    "cli.sb_sms_capped": ("未发送（当天已达 50 条）", "not sent (50 that day)"),
    "cli.sb_sms_no_phone": ("未发送（没有手机号）", "not sent (no phone number)"),
    "cli.sb_sms_none": ("没有短信。", "No SMS."),
    "cli.sb_sms_capped_total": (
        "{n} 条短信未发送：接收人当天已收满 50 条。",
        "{n} SMS not sent: their recipient had 50 that day already.",
    ),
    "err.input.place.too_long": ("位置最多 50 个字。", "A place has at most 50 characters."),
    "err.input.place.control": (
        "位置不能包含换行或控制字符。",
        "A place cannot contain line breaks or control characters.",
    ),
    "err.input.person_search.too_long": (
        "使用人最多 50 个字。",
        "A person to search for has at most 50 characters.",
    ),
    "err.input.person_search.control": (
        "使用人不能包含换行或控制字符。",
        "A name cannot contain line breaks or control characters.",
    ),
    "err.input.place_search.too_long": (
        "使用位置最多 50 个字。",
        "A place to search for has at most 50 characters.",
    ),
    "err.input.place_search.control": (
        "使用位置不能包含换行或控制字符。",
        "A place cannot contain line breaks or control characters.",
    ),
    "err.input.track_range.order": ("开始时间晚于结束时间。", "The range starts after it ends."),
    "err.input.track_time.format": (
        "时间无法识别：请用 2026-12-06 或 2026-12-06 09:30。",
        "Cannot read the time: use 2026-12-06 or 2026-12-06 09:30.",
    ),
    "err.input.export_range.empty": (
        "请选择导出的开始和结束日期。",
        "Choose the first and last day.",
    ),
    "err.input.export_range.order": (
        "开始日期晚于结束日期。",
        "The first day is after the last one.",
    ),
    "err.input.export_range.too_long": (
        "一次最多导出一年（366 天）的记录，请缩短时间段。",
        "At most a year (366 days) at once: choose a shorter range.",
    ),
    "cli.sb_exported": (
        "已导出 {n} 条记录，平台已将 CSV 文件发送到 {email}。",
        "{n} records exported: the platform mailed the CSV file to {email}.",
    ),
    "gui.sb_export_dots": ("导出记录…", "Export records…"),
    "gui.sb_export_title": ("导出记录", "Export records"),
    "gui.sb_export_from": ("开始日期", "First day"),
    "gui.sb_export_to": ("结束日期", "Last day"),
    "gui.sb_export_email": ("接收邮箱", "Send to"),
    "gui.sb_export_send": ("发送", "Send"),
    "gui.sb_exporting": ("正在导出记录…", "Exporting the records…"),
    "gui.sb_place": ("本机位置", "This computer's place"),
    "gui.sb_place_hint": ("如：总部3楼档案室", "e.g. HQ floor 3, archive room"),
    "gui.sb_place_tip": (
        "印章盒没有定位：本机连接到的印章盒以此为使用位置和最后已知位置。",
        "Seal boxes have no GPS: the boxes this computer reaches take this as their place.",
    ),
    "gui.sb_place_save": ("保存位置", "Save place"),
    "gui.sb_place_saved": (
        "本机位置已保存：{place}。本机连接的印章盒将带上这个位置。",
        "This computer's place is saved: {place}. The boxes it reaches will carry it.",
    ),
    "gui.sb_place_cleared": ("已清除本机位置。", "This computer's place is cleared."),
    "gui.sb_col_place": ("使用位置", "Place"),
    "gui.sb_col_use": ("用印", "Use"),
    "gui.sb_track": ("轨迹", "Track"),
    "gui.sb_track_dots": ("轨迹…", "Track…"),
    "gui.sb_track_title": ("轨迹：{box}", "Track: {box}"),
    "gui.sb_track_from": ("用印时间从", "From"),
    "gui.sb_track_to": ("到", "To"),
    "gui.sb_track_time_hint": (
        "2026-12-06 或 2026-12-06 09:30，可不填",
        "2026-12-06 or 2026-12-06 09:30, optional",
    ),
    "gui.sb_track_person_hint": ("姓名的一部分，可不填", "a part of a name, optional"),
    "gui.sb_track_place_hint": ("位置的一部分，可不填", "a part of a place, optional"),
    "gui.sb_track_search": ("搜索", "Search"),
    "gui.sb_track_position": (
        "最后已知位置：{place}（{at}）",
        "Last known position: {place} ({at})",
    ),
    "gui.sb_track_position_unknown": ("最后已知位置：未知", "Last known position: unknown"),
    "gui.sb_track_own": (
        "您只能看到自己使用这台印章盒的记录。",
        "You see only your own uses of this box.",
    ),
    "gui.sb_track_count": ("最新 {count} 条（最多 100 条）。", "The newest {count} (at most 100)."),
    "gui.sb_track_sms_capped": (
        "{n} 条用印短信未发送：接收人当天已收满 50 条。",
        "{n} SMS about uses not sent: their recipient had 50 that day already.",
    ),
    "gui.sb_track_sms_no_phone": (
        "{n} 条用印短信未发送：接收人没有手机号。",
        "{n} SMS about uses not sent: their recipient has no phone number.",
    ),
    # 用印申请's 文件载体, 文件图片 and 文件附件 (sealdesk.sealbox.appfiles): CLI, window, errors
    "gui.sb_carrier": ("文件载体", "Carrier"),
    "gui.sb_carrier_hint": ("选填，例如：纸质、电子，最多 20 个字", "Optional, e.g. paper, ≤ 20"),
    "gui.sb_files": ("文件图片/附件", "Images and attachments"),
    "gui.sb_files_hint": (
        "图片：jpg、png、gif，最多 {images} 张；附件：pdf、ofd、doc(x)、xls(x)、ppt(x)、wps、zip、"
        "rar、7z，最多 {attachments} 个；每个文件不超过 {kb} KB。",
        "Images: jpg, png, gif, at most {images}; attachments: pdf, ofd, doc(x), xls(x), "
        "ppt(x), wps, zip, rar, 7z, at most {attachments}; each file at most {kb} KB.",
    ),
    "gui.sb_add_image": ("添加图片…", "Add image…"),
    "gui.sb_add_attachment": ("添加附件…", "Add attachment…"),
    "gui.sb_remove_file": ("移除", "Remove"),
    "gui.sb_choose_image": ("选择文件图片", "Choose an image"),
    "gui.sb_choose_attachment": ("选择文件附件", "Choose an attachment"),
    "gui.sb_image_filter": ("图片 (*.jpg *.jpeg *.png *.gif)", "Images (*.jpg *.jpeg *.png *.gif)"),
    "gui.sb_attachment_filter": (
        "附件 (*.pdf *.ofd *.doc *.docx *.xls *.xlsx *.ppt *.pptx *.wps *.et *.dps *.zip *.rar "
        "*.7z)",
        "Attachments (*.pdf *.ofd *.doc *.docx *.xls *.xlsx *.ppt *.pptx *.wps *.et *.dps *.zip "
        "*.rar *.7z)",
    ),
    "gui.sb_file_chosen_image": ("图片：{name}", "Image: {name}"),
    "gui.sb_file_chosen_attachment": ("附件：{name}", "Attachment: {name}"),
    "gui.sb_app_files": ("申请的文件", "The application's files"),
    "gui.sb_download_file": ("下载文件…", "Download file…"),
    "gui.sb_delete_file": ("删除文件…", "Delete file…"),
    "gui.sb_delete_file_confirm": (
        "从申请中删除“{name}”？（审批前，申请人可删除自己上传的文件。）",
        "Take '{name}' off the application? (Before approval the applicant may delete the "
        "files they uploaded.)",
    ),
    "gui.sb_file_deleted": ("已删除“{name}”。", "'{name}' deleted."),
    "gui.sb_save_file": ("保存文件", "Save the file"),
    "gui.sb_downloaded": ("已保存：{path}", "Saved: {path}"),
    "gui.sb_downloading": ("正在下载文件…", "Downloading the file…"),
    "gui.sb_files_uploaded": ("已上传 {count} 个文件。", "{count} file(s) uploaded."),
    "gui.sb_stage_files": ("上传文件 {done}/{total}", "Uploading files {done}/{total}"),
    "gui.sb_stage_file_download": ("下载文件 {done}/{total}", "Downloading files {done}/{total}"),
    "sb.app_carrier": ("载体：{carrier}", "Carrier: {carrier}"),
    "sb.app_file_image": ("图片：{name}（{type}，{kb} KB）", "Image: {name} ({type}, {kb} KB)"),
    "sb.app_file_attachment": (
        "附件：{name}（{type}，{kb} KB）",
        "Attachment: {name} ({type}, {kb} KB)",
    ),
    "err.input.app_carrier.too_long": (
        "文件载体最多 20 个字。",
        "A carrier has at most 20 characters.",
    ),
    "err.input.app_carrier.control": (
        "文件载体中有无法使用的字符（如换行、制表符）。",
        "The carrier has characters not allowed (line breaks, tabs …).",
    ),
    "err.input.app_images.required": (
        "已勾选强制上传图片：请至少添加一张文件图片。",
        "Photos required is ticked: add at least one image.",
    ),
    "err.appfile.empty": ("文件“{name}”是空的。", "The file '{name}' is empty."),
    "err.appfile.too_large": (
        "文件“{name}”超过 {kb} KB，不能上传。",
        "The file '{name}' is over {kb} KB.",
    ),
    "err.appfile.name": ("文件名无效：“{name}”。", "The file name '{name}' is not usable."),
    "err.appfile.type": (
        "不支持文件“{name}”的类型：图片可为 jpg、png、gif；附件可为 pdf、ofd、doc(x)、xls(x)、"
        "ppt(x)、wps、et、dps、zip、rar、7z。",
        "The type of '{name}' is not taken: images jpg, png, gif; attachments pdf, ofd, doc(x), "
        "xls(x), ppt(x), wps, et, dps, zip, rar, 7z.",
    ),
    "err.appfile.not_image": (
        "文件“{name}”的内容不是 JPEG、PNG 或 GIF 图片。",
        "The content of '{name}' is not a JPEG, PNG or GIF image.",
    ),
    "err.appfile.content": (
        "文件“{name}”的内容与其扩展名不符（例如改了扩展名的程序）。",
        "The content of '{name}' does not match its extension (a renamed program, say).",
    ),
    "err.appfile.unreadable": ("无法读取文件“{name}”。", "Cannot read the file '{name}'."),
    "err.appfile.too_many": (
        "文件“{name}”超出数量：每个申请最多 {images} 张图片、{attachments} 个附件。",
        "The file '{name}' is one too many: an application has at most {images} images and "
        "{attachments} attachments.",
    ),
    "err.appfile.corrupt": (
        "下载的文件“{name}”与平台记录的校验值不符，未保存。",
        "The downloaded file '{name}' does not match the platform's checksum: not saved.",
    ),
    "err.file_not_uploaded": (
        "文件“{name}”未上传到用印申请 {id}：{cause} 申请及此前上传的文件已保留，可用 sealdesk "
        "sealbox attach {id}，或在“用印申请”中选中该申请后添加图片/附件，重新上传。",
        "The file '{name}' was not uploaded to the application {id}: {cause} The application "
        "and the files uploaded before are kept; send it again with sealdesk sealbox attach "
        "{id}, or choose the application under Applications and add the image/attachment.",
    ),
    # 功能配置 (S3:1158-1213)
    "sb.feature_photo_required": ("申请用印强制上传图片", "Image required with an application"),
    "sb.feature_department": ("用印部门", "Department"),
    "sb.feature_count": ("用印次数", "Count"),
    "sb.feature_start": ("开始时间", "Start time"),
    "sb.feature_end": ("结束时间", "End time"),
    "sb.feature_area": ("用印区域", "Area"),
    "sb.feature_note": ("备注", "Note"),
    "sb.feature_file_code": ("文件标识", "Document code"),
    "sb.feature_photo": ("盖章拍照", "Photo of each stamp"),
    "sb.feature_fingerprint": ("校验指纹", "Fingerprint check"),
    "sb.feature_wechat": ("微信通知（仅记录设置，本系统不发微信）", "WeChat notice (kept only)"),
    "sb.feature_force_upload": ("强制上传使用记录", "Forced record upload"),
    "sb.feature_sms": ("是否短信", "SMS on each use"),
    "sb.feature_preauthorize": ("预先授权", "Pre-authorization"),
    "sb.features_manual": ("手动配置", "Manual"),
    "sb.features_batch": ("批量配置", "Batch"),
    "cli.sb_features_head": ("功能配置：{mode}", "Feature set: {mode}"),
    "cli.sb_features_nothing": (
        "全部未勾选：不用申请用印、不用授权；印章盒空闲时用 sealdesk sealbox use --box BOX 直接"
        "使用（不限次数，8 小时，平台签发并记录）。",
        "Nothing ticked: no applications, no grants by a keeper; take a free box with sealdesk "
        "sealbox use --box BOX (unlimited, 8 hours, signed and recorded by the platform).",
    ),
    "cli.sb_used": (
        "已直接使用 {box}：{user} 在 {end} 前不限次数用印（结束用印由管章人或管理员操作）。",
        "Took {box}: {user} may stamp without limit until {end} (a keeper or an administrator "
        "ends it).",
    ),
    "err.input.feature.unknown": (
        "没有这个功能配置项。可用：photo_required, department, count, start, end, area, note, "
        "file_code, photo, fingerprint, wechat, force_upload, sms, preauthorize。",
        "No such feature item. Items: photo_required, department, count, start, end, area, "
        "note, file_code, photo, fingerprint, wechat, force_upload, sms, preauthorize.",
    ),
    "err.input.feature.both": (
        "同一项不能既勾选又去勾选。",
        "An item cannot be both ticked and unticked.",
    ),
    "gui.sb_features": ("功能配置…", "Feature set…"),
    "gui.sb_features_title": ("功能配置", "Feature set"),
    "gui.sb_features_hint": (
        "勾选的项在申请用印和下发授权中填写；未勾选的项不填写，平台按默认处理（次数不限、"
        "从现在起 8 小时、不拍照……）。手动配置全部不勾选，批量配置全部勾选，然后可逐项修改。"
        "全部未勾选时不用申请和授权：成员在印章盒空闲时直接使用。",
        "Ticked items are asked in applications and grants; the others are not, and the "
        "platform takes their defaults (no count limit, 8 hours from now, no photos …). Manual "
        "unticks everything, Batch ticks everything; then change items one by one. With "
        "nothing ticked there are no applications or grants: members take a free box directly.",
    ),
    "gui.sb_features_saving": ("正在保存功能配置…", "Saving the feature set…"),
    "gui.sb_features_saved": (
        "功能配置已保存（{count} 项勾选）。",
        "Feature set saved ({count} ticked).",
    ),
    "gui.sb_use": ("直接使用", "Use now"),
    "gui.sb_using": ("正在取得印章盒…", "Taking the box…"),
    "gui.sb_used": (
        "可以用印了：{box} 在 {end} 前不限次数。",
        "You may stamp: {box}, without limit until {end}.",
    ),
}


def set_language(lang: str | None) -> str:
    """Choose the language: the argument, else $SEALDESK_LANG, else Chinese."""
    global _language
    chosen = (lang or os.environ.get("SEALDESK_LANG") or "zh").lower()[:2]
    _language = chosen if chosen in LANGUAGES else "zh"
    return _language


def language() -> str:
    return _language


def use_qt_translations(translate: Callable[[str, str], str] | None) -> None:
    """Take the words from ``translate(chinese_source, key)`` (the GUI: Qt's translators),
    or from this table again (None)."""
    global _qt_translate
    _qt_translate = translate


def tr(key: str, **fields: object) -> str:
    """The message ``key`` in the current language, with ``fields`` filled in."""
    zh, en = MESSAGES[key]
    if _qt_translate is not None:
        return _qt_translate(zh, key).format(**fields)
    return (en if _language == "en" else zh).format(**fields)
