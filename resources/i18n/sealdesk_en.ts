<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>SealDesk</name>
    <message>
        <source>申请数字证书</source>
        <comment>audit.certificate.request</comment>
        <translation>request certificate</translation>
    </message>
    <message>
        <source>添加部门</source>
        <comment>audit.department.add</comment>
        <translation>add department</translation>
    </message>
    <message>
        <source>删除部门</source>
        <comment>audit.department.remove</comment>
        <translation>delete department</translation>
    </message>
    <message>
        <source>登录</source>
        <comment>audit.login</comment>
        <translation>log in</translation>
    </message>
    <message>
        <source>密码登录</source>
        <comment>audit.login.password</comment>
        <translation>password login</translation>
    </message>
    <message>
        <source>短信验证码登录</source>
        <comment>audit.login.sms</comment>
        <translation>SMS code login</translation>
    </message>
    <message>
        <source>UKey 登录</source>
        <comment>audit.login.ukey</comment>
        <translation>key login</translation>
    </message>
    <message>
        <source>退出登录</source>
        <comment>audit.logout</comment>
        <translation>log out</translation>
    </message>
    <message>
        <source>设置登录密码</source>
        <comment>audit.password.set</comment>
        <translation>set password</translation>
    </message>
    <message>
        <source>添加人员</source>
        <comment>audit.person.add</comment>
        <translation>add person</translation>
    </message>
    <message>
        <source>编辑人员</source>
        <comment>audit.person.edit</comment>
        <translation>edit person</translation>
    </message>
    <message>
        <source>移除人员</source>
        <comment>audit.person.remove</comment>
        <translation>remove person</translation>
    </message>
    <message>
        <source>设置角色</source>
        <comment>audit.roles.set</comment>
        <translation>set roles</translation>
    </message>
    <message>
        <source>挂失锁定短信</source>
        <comment>audit.sealbox.sms.lock</comment>
        <translation>SMS about a lost-lock</translation>
    </message>
    <message>
        <source>用印短信通知</source>
        <comment>audit.sealbox.sms.use</comment>
        <translation>SMS about a use</translation>
    </message>
    <message>
        <source>设置签署密码</source>
        <comment>audit.signing_password.set</comment>
        <translation>set signing password</translation>
    </message>
    <message>
        <source>加入白名单</source>
        <comment>audit.whitelist.add</comment>
        <translation>whitelist a key</translation>
    </message>
    <message>
        <source>移出白名单</source>
        <comment>audit.whitelist.remove</comment>
        <translation>remove a key</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <comment>cert.credit_code</comment>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>介质唯一标识</source>
        <comment>cert.device_id</comment>
        <translation>Device unique ID</translation>
    </message>
    <message>
        <source>实体唯一标识</source>
        <comment>cert.entity_id</comment>
        <translation>Entity unique ID</translation>
    </message>
    <message>
        <source>颁发者</source>
        <comment>cert.issuer</comment>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>密钥</source>
        <comment>cert.key</comment>
        <translation>Key</translation>
    </message>
    <message>
        <source>来源</source>
        <comment>cert.source</comment>
        <translation>from</translation>
    </message>
    <message>
        <source>主体</source>
        <comment>cert.subject</comment>
        <translation>Subject</translation>
    </message>
    <message>
        <source>有效期</source>
        <comment>cert.validity</comment>
        <translation>Validity</translation>
    </message>
    <message>
        <source>设备备注：{note}</source>
        <comment>cli.sb_box_note</comment>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <source>已导出 {n} 条记录，平台已将 CSV 文件发送到 {email}。</source>
        <comment>cli.sb_exported</comment>
        <translation>{n} records exported: the platform mailed the CSV file to {email}.</translation>
    </message>
    <message>
        <source>功能配置：{mode}</source>
        <comment>cli.sb_features_head</comment>
        <translation>Feature set: {mode}</translation>
    </message>
    <message>
        <source>全部未勾选：不用申请用印、不用授权；印章盒空闲时用 sealdesk sealbox use --box BOX 直接使用（不限次数，8 小时，平台签发并记录）。</source>
        <comment>cli.sb_features_nothing</comment>
        <translation>Nothing ticked: no applications, no grants by a keeper; take a free box with sealdesk sealbox use --box BOX (unlimited, 8 hours, signed and recorded by the platform).</translation>
    </message>
    <message>
        <source>没有授权。</source>
        <comment>cli.sb_grants_none</comment>
        <translation>No grants.</translation>
    </message>
    <message>
        <source>没有记录。</source>
        <comment>cli.sb_history_none_all</comment>
        <translation>No records.</translation>
    </message>
    <message>
        <source>您管理的印章盒没有记录。</source>
        <comment>cli.sb_history_none_managed</comment>
        <translation>No records of the boxes you manage.</translation>
    </message>
    <message>
        <source>您没有记录。</source>
        <comment>cli.sb_history_none_mine</comment>
        <translation>You have no records.</translation>
    </message>
    <message>
        <source>本机位置：{place}</source>
        <comment>cli.sb_place</comment>
        <translation>This computer's place: {place}</translation>
    </message>
    <message>
        <source>未设置本机位置：本机连接的印章盒不带使用位置。</source>
        <comment>cli.sb_place_none</comment>
        <translation>No place set for this computer: the boxes it reaches get no place.</translation>
    </message>
    <message>
        <source>位置未知</source>
        <comment>cli.sb_place_unknown</comment>
        <translation>place unknown</translation>
    </message>
    <message>
        <source>异常：{cause}</source>
        <comment>cli.sb_record_abnormal</comment>
        <translation>abnormal: {cause}</translation>
    </message>
    <message>
        <source>，有照片</source>
        <comment>cli.sb_record_photo</comment>
        <translation>, with a photo</translation>
    </message>
    <message>
        <source>第 {used} 次盖章</source>
        <comment>cli.sb_record_stamp</comment>
        <translation>stamp no. {used}</translation>
    </message>
    <message>
        <source>印章盒“{before}”已改名为“{name}”。</source>
        <comment>cli.sb_renamed</comment>
        <translation>Box '{before}' is now '{name}'.</translation>
    </message>
    <message>
        <source>未发送（当天已达 50 条）</source>
        <comment>cli.sb_sms_capped</comment>
        <translation>not sent (50 that day)</translation>
    </message>
    <message>
        <source>{n} 条短信未发送：接收人当天已收满 50 条。</source>
        <comment>cli.sb_sms_capped_total</comment>
        <translation>{n} SMS not sent: their recipient had 50 that day already.</translation>
    </message>
    <message>
        <source>未发送（没有手机号）</source>
        <comment>cli.sb_sms_no_phone</comment>
        <translation>not sent (no phone number)</translation>
    </message>
    <message>
        <source>没有短信。</source>
        <comment>cli.sb_sms_none</comment>
        <translation>No SMS.</translation>
    </message>
    <message>
        <source>已发送</source>
        <comment>cli.sb_sms_sent</comment>
        <translation>sent</translation>
    </message>
    <message>
        <source>{box} 最后已知位置：{place}（{at}）</source>
        <comment>cli.sb_track_last</comment>
        <translation>{box}'s last known position: {place} ({at})</translation>
    </message>
    <message>
        <source>{box} 最后已知位置：未知</source>
        <comment>cli.sb_track_last_unknown</comment>
        <translation>{box}'s last known position: unknown</translation>
    </message>
    <message>
        <source>没有符合条件的使用记录。</source>
        <comment>cli.sb_track_none</comment>
        <translation>No use matches.</translation>
    </message>
    <message>
        <source>已直接使用 {box}：{user} 在 {end} 前不限次数用印（结束用印由管章人或管理员操作）。</source>
        <comment>cli.sb_used</comment>
        <translation>Took {box}: {user} may stamp without limit until {end} (a keeper or an administrator ends it).</translation>
    </message>
    <message>
        <source>名称</source>
        <comment>col.label</comment>
        <translation>Label</translation>
    </message>
    <message>
        <source>厂商</source>
        <comment>col.manufacturer</comment>
        <translation>Manufacturer</translation>
    </message>
    <message>
        <source>型号</source>
        <comment>col.model</comment>
        <translation>Model</translation>
    </message>
    <message>
        <source>PIN 状态</source>
        <comment>col.pin</comment>
        <translation>PIN</translation>
    </message>
    <message>
        <source>序列号</source>
        <comment>col.serial</comment>
        <translation>Serial</translation>
    </message>
    <message>
        <source>文件“{name}”的内容与其扩展名不符（例如改了扩展名的程序）。</source>
        <comment>err.appfile.content</comment>
        <translation>The content of '{name}' does not match its extension (a renamed program, say).</translation>
    </message>
    <message>
        <source>下载的文件“{name}”与平台记录的校验值不符，未保存。</source>
        <comment>err.appfile.corrupt</comment>
        <translation>The downloaded file '{name}' does not match the platform's checksum: not saved.</translation>
    </message>
    <message>
        <source>文件“{name}”是空的。</source>
        <comment>err.appfile.empty</comment>
        <translation>The file '{name}' is empty.</translation>
    </message>
    <message>
        <source>文件名无效：“{name}”。</source>
        <comment>err.appfile.name</comment>
        <translation>The file name '{name}' is not usable.</translation>
    </message>
    <message>
        <source>文件“{name}”的内容不是 JPEG、PNG 或 GIF 图片。</source>
        <comment>err.appfile.not_image</comment>
        <translation>The content of '{name}' is not a JPEG, PNG or GIF image.</translation>
    </message>
    <message>
        <source>文件“{name}”超过 {kb} KB，不能上传。</source>
        <comment>err.appfile.too_large</comment>
        <translation>The file '{name}' is over {kb} KB.</translation>
    </message>
    <message>
        <source>文件“{name}”超出数量：每个申请最多 {images} 张图片、{attachments} 个附件。</source>
        <comment>err.appfile.too_many</comment>
        <translation>The file '{name}' is one too many: an application has at most {images} images and {attachments} attachments.</translation>
    </message>
    <message>
        <source>不支持文件“{name}”的类型：图片可为 jpg、png、gif；附件可为 pdf、ofd、doc(x)、xls(x)、ppt(x)、wps、et、dps、zip、rar、7z。</source>
        <comment>err.appfile.type</comment>
        <translation>The type of '{name}' is not taken: images jpg, png, gif; attachments pdf, ofd, doc(x), xls(x), ppt(x), wps, et, dps, zip, rar, 7z.</translation>
    </message>
    <message>
        <source>无法读取文件“{name}”。</source>
        <comment>err.appfile.unreadable</comment>
        <translation>Cannot read the file '{name}'.</translation>
    </message>
    <message>
        <source>--cross-page-group 需要与 --cross-page 一起使用。</source>
        <comment>err.cross_group_alone</comment>
        <translation>--cross-page-group goes with --cross-page.</translation>
    </message>
    <message>
        <source>无法创建演示 USB Key：{detail}</source>
        <comment>err.demo</comment>
        <translation>Cannot create the demo USB key: {detail}</translation>
    </message>
    <message>
        <source>{folder} 是一个文件，不是文件夹：未做任何改动。</source>
        <comment>err.demo_folder_not_a_folder</comment>
        <translation>{folder} is a file, not a folder: nothing was changed.</translation>
    </message>
    <message>
        <source>文件夹 {folder} 里已有其他文件，不是演示 USB Key 的文件夹：未做任何改动。请指定一个空文件夹或新文件夹（--dir）。</source>
        <comment>err.demo_folder_not_empty</comment>
        <translation>The folder {folder} holds other files and is not a demo key folder: nothing was changed. Give an empty or new folder (--dir).</translation>
    </message>
    <message>
        <source>USB Key 操作失败：{detail}。请重新插入 USB Key 后再试。</source>
        <comment>err.device</comment>
        <translation>The USB key failed: {detail}. Re-plug the key and try again.</translation>
    </message>
    <message>
        <source>磁盘空间不足，无法写入 {path}（未留下不完整的文件）。请腾出空间后重试。</source>
        <comment>err.disk_full</comment>
        <translation>The disk is full: {path} could not be written (no partial file was left). Free some space and try again.</translation>
    </message>
    <message>
        <source>无法连接显示器 {display}，无法打开窗口。请检查 X 服务器是否在运行，或在虚拟屏幕上运行：xvfb-run -a sealdesk gui</source>
        <comment>err.display_unreachable</comment>
        <translation>The display {display} cannot be reached: the window cannot open. Check that the X server runs, or run on a virtual screen: xvfb-run -a sealdesk gui</translation>
    </message>
    <message>
        <source>文件操作失败 {path}：{detail}</source>
        <comment>err.file_io</comment>
        <translation>File operation failed on {path}: {detail}</translation>
    </message>
    <message>
        <source>文件“{name}”未上传到用印申请 {id}：{cause} 申请及此前上传的文件已保留，可用 sealdesk sealbox attach {id}，或在“用印申请”中选中该申请后添加图片/附件，重新上传。</source>
        <comment>err.file_not_uploaded</comment>
        <translation>The file '{name}' was not uploaded to the application {id}: {cause} The application and the files uploaded before are kept; send it again with sealdesk sealbox attach {id}, or choose the application under Applications and add the image/attachment.</translation>
    </message>
    <message>
        <source>无法读取文件 {path}：{detail}</source>
        <comment>err.file_unreadable</comment>
        <translation>Cannot read {path}: {detail}</translation>
    </message>
    <message>
        <source>激活码是 6 位数字。</source>
        <comment>err.input.activation_code.format</comment>
        <translation>The activation code has 6 digits.</translation>
    </message>
    <message>
        <source>请先阅读并同意《数字证书订户协议》（--agree）。</source>
        <comment>err.input.agreement.missing</comment>
        <translation>Read and accept the certificate subscriber agreement first (--agree).</translation>
    </message>
    <message>
        <source>区域中有无法使用的字符（如换行、制表符）。</source>
        <comment>err.input.app_area.control</comment>
        <translation>The area has characters not allowed (line breaks, tabs …).</translation>
    </message>
    <message>
        <source>区域最多 50 个字。</source>
        <comment>err.input.app_area.too_long</comment>
        <translation>An area has at most 50 characters.</translation>
    </message>
    <message>
        <source>文件载体中有无法使用的字符（如换行、制表符）。</source>
        <comment>err.input.app_carrier.control</comment>
        <translation>The carrier has characters not allowed (line breaks, tabs …).</translation>
    </message>
    <message>
        <source>文件载体最多 20 个字。</source>
        <comment>err.input.app_carrier.too_long</comment>
        <translation>A carrier has at most 20 characters.</translation>
    </message>
    <message>
        <source>本单位没有这个部门（已删除，或名称、编号不对）。</source>
        <comment>err.input.app_department.unknown</comment>
        <translation>The unit has no such department (removed, or a wrong name or id).</translation>
    </message>
    <message>
        <source>已勾选强制上传图片：请至少添加一张文件图片。</source>
        <comment>err.input.app_images.required</comment>
        <translation>Photos required is ticked: add at least one image.</translation>
    </message>
    <message>
        <source>备注中有无法使用的字符。</source>
        <comment>err.input.app_note.control</comment>
        <translation>The note has characters not allowed.</translation>
    </message>
    <message>
        <source>备注最多 120 个字。</source>
        <comment>err.input.app_note.too_long</comment>
        <translation>A note has at most 120 characters.</translation>
    </message>
    <message>
        <source>事由中有无法使用的字符。</source>
        <comment>err.input.app_reason.control</comment>
        <translation>The reason has characters not allowed.</translation>
    </message>
    <message>
        <source>请填写事由。</source>
        <comment>err.input.app_reason.empty</comment>
        <translation>Enter the reason.</translation>
    </message>
    <message>
        <source>事由最多 100 个字。</source>
        <comment>err.input.app_reason.too_long</comment>
        <translation>A reason has at most 100 characters.</translation>
    </message>
    <message>
        <source>印章申请编号不对（应为 list 列出的编号）。</source>
        <comment>err.input.application.format</comment>
        <translation>Not an application's id (as list shows them).</translation>
    </message>
    <message>
        <source>请至少选择第 1 审批人。</source>
        <comment>err.input.approvers.empty</comment>
        <translation>Choose the first approver.</translation>
    </message>
    <message>
        <source>同一人不能重复担任审批人。</source>
        <comment>err.input.approvers.repeated</comment>
        <translation>A person is chosen twice as an approver.</translation>
    </message>
    <message>
        <source>审批人最多 3 名。</source>
        <comment>err.input.approvers.too_many</comment>
        <translation>At most 3 approvers.</translation>
    </message>
    <message>
        <source>自动关机时间为 0–30 分钟（0 为不自动关机）。</source>
        <comment>err.input.auto_off.range</comment>
        <translation>Auto-off is 0–30 minutes (0 = never).</translation>
    </message>
    <message>
        <source>背光时间为 0–180 秒。</source>
        <comment>err.input.backlight.range</comment>
        <translation>The backlight is 0–180 seconds.</translation>
    </message>
    <message>
        <source>设备名称中有无法使用的字符（如换行、制表符）。</source>
        <comment>err.input.box_name.control</comment>
        <translation>The box's name has characters not allowed (line breaks, tabs …).</translation>
    </message>
    <message>
        <source>请填写设备名称。</source>
        <comment>err.input.box_name.empty</comment>
        <translation>Enter the box's name.</translation>
    </message>
    <message>
        <source>设备名称最多 50 个字。</source>
        <comment>err.input.box_name.too_long</comment>
        <translation>A box's name has at most 50 characters.</translation>
    </message>
    <message>
        <source>设备备注中有无法使用的字符（如换行、制表符）。</source>
        <comment>err.input.box_note.control</comment>
        <translation>The box's note has characters not allowed (line breaks, tabs …).</translation>
    </message>
    <message>
        <source>设备备注最多 100 个字。</source>
        <comment>err.input.box_note.too_long</comment>
        <translation>A box's note has at most 100 characters.</translation>
    </message>
    <message>
        <source>请输入图形验证码（图中的字符）。</source>
        <comment>err.input.captcha.empty</comment>
        <translation>Enter the picture code (the characters in the picture).</translation>
    </message>
    <message>
        <source>类别名称中有无法使用的字符。</source>
        <comment>err.input.category.control</comment>
        <translation>The category's name has characters not allowed.</translation>
    </message>
    <message>
        <source>请填写类别名称。</source>
        <comment>err.input.category.empty</comment>
        <translation>Enter the category's name.</translation>
    </message>
    <message>
        <source>类别名称最多 50 个字。</source>
        <comment>err.input.category.too_long</comment>
        <translation>A category's name has at most 50 characters.</translation>
    </message>
    <message>
        <source>同一人不能重复抄送。</source>
        <comment>err.input.cc.repeated</comment>
        <translation>A person is chosen twice to be copied.</translation>
    </message>
    <message>
        <source>抄送最多 3 人。</source>
        <comment>err.input.cc.too_many</comment>
        <translation>Copied to at most 3 people.</translation>
    </message>
    <message>
        <source>验证码是 6 位数字。</source>
        <comment>err.input.code.format</comment>
        <translation>The code has 6 digits.</translation>
    </message>
    <message>
        <source>请填写份数。</source>
        <comment>err.input.copies.empty</comment>
        <translation>Enter the number of copies.</translation>
    </message>
    <message>
        <source>份数应为 1 到 10000 的整数。</source>
        <comment>err.input.copies.format</comment>
        <translation>Copies: a whole number from 1 to 10000.</translation>
    </message>
    <message>
        <source>请填写用印次数（0–500，0 为不限）。</source>
        <comment>err.input.count.empty</comment>
        <translation>Enter the count (0–500).</translation>
    </message>
    <message>
        <source>用印次数必须是 0–500 的整数（0 为不限）。</source>
        <comment>err.input.count.format</comment>
        <translation>The count must be a whole number from 0 to 500 (0 = unlimited).</translation>
    </message>
    <message>
        <source>用印次数最多 500 次（0 为不限），不能为负数。</source>
        <comment>err.input.count.range</comment>
        <translation>The count is at most 500 (0 = unlimited) and cannot be negative.</translation>
    </message>
    <message>
        <source>部门名称中有无法使用的字符。</source>
        <comment>err.input.department.control</comment>
        <translation>The department's name has characters not allowed.</translation>
    </message>
    <message>
        <source>请填写部门名称。</source>
        <comment>err.input.department.empty</comment>
        <translation>Enter the department's name.</translation>
    </message>
    <message>
        <source>部门名称最多 50 个字。</source>
        <comment>err.input.department.too_long</comment>
        <translation>A department's name has at most 50 characters.</translation>
    </message>
    <message>
        <source>请填写邮箱。</source>
        <comment>err.input.email.empty</comment>
        <translation>Enter the e-mail address.</translation>
    </message>
    <message>
        <source>邮箱格式不对，例如 name@example.com。</source>
        <comment>err.input.email.format</comment>
        <translation>The e-mail address is not valid, e.g. name@example.com.</translation>
    </message>
    <message>
        <source>通用实体唯一标识只能包含字母、数字和 . _ -（最多 64 位）。</source>
        <comment>err.input.entity_id.format</comment>
        <translation>An entity id has letters, digits and . _ - only (at most 64).</translation>
    </message>
    <message>
        <source>请选择导出的开始和结束日期。</source>
        <comment>err.input.export_range.empty</comment>
        <translation>Choose the first and last day.</translation>
    </message>
    <message>
        <source>开始日期晚于结束日期。</source>
        <comment>err.input.export_range.order</comment>
        <translation>The first day is after the last one.</translation>
    </message>
    <message>
        <source>一次最多导出一年（366 天）的记录，请缩短时间段。</source>
        <comment>err.input.export_range.too_long</comment>
        <translation>At most a year (366 days) at once: choose a shorter range.</translation>
    </message>
    <message>
        <source>同一项不能既勾选又去勾选。</source>
        <comment>err.input.feature.both</comment>
        <translation>An item cannot be both ticked and unticked.</translation>
    </message>
    <message>
        <source>没有这个功能配置项。可用：photo_required, department, count, start, end, area, note, file_code, photo, fingerprint, wechat, force_upload, sms, preauthorize。</source>
        <comment>err.input.feature.unknown</comment>
        <translation>No such feature item. Items: photo_required, department, count, start, end, area, note, file_code, photo, fingerprint, wechat, force_upload, sms, preauthorize.</translation>
    </message>
    <message>
        <source>文件标识的条码校验位不对：69 开头的 13 位条码（EAN-13），最后一位是按前 12 位算出的校验位，请核对条码。</source>
        <comment>err.input.file_code.check_digit</comment>
        <translation>The file code's barcode has a wrong check digit: a 13-digit barcode starting 69 (EAN-13) ends with a digit computed from the first 12; check the barcode.</translation>
    </message>
    <message>
        <source>文件标识中有无法使用的字符（如换行、制表符）。</source>
        <comment>err.input.file_code.control</comment>
        <translation>The file code has characters not allowed (line breaks, tabs …).</translation>
    </message>
    <message>
        <source>文件标识（二维码内容）最多 200 个字。</source>
        <comment>err.input.file_code.too_long</comment>
        <translation>A file code (a QR code's text) has at most 200 characters.</translation>
    </message>
    <message>
        <source>文件名称中有无法使用的字符（如换行、制表符）。</source>
        <comment>err.input.file_name.control</comment>
        <translation>The file name has characters not allowed (line breaks, tabs …).</translation>
    </message>
    <message>
        <source>文件名称最多 100 个字。</source>
        <comment>err.input.file_name.too_long</comment>
        <translation>A file name has at most 100 characters.</translation>
    </message>
    <message>
        <source>文件类型中有无法使用的字符（如换行、制表符）。</source>
        <comment>err.input.file_type.control</comment>
        <translation>The file type has characters not allowed (line breaks, tabs …).</translation>
    </message>
    <message>
        <source>文件类型最多 50 个字。</source>
        <comment>err.input.file_type.too_long</comment>
        <translation>A file type has at most 50 characters.</translation>
    </message>
    <message>
        <source>用印区域中不能有换行或制表符。</source>
        <comment>err.input.grant_area.control</comment>
        <translation>The area may not have line breaks or tabs.</translation>
    </message>
    <message>
        <source>用印区域最多 50 个字。</source>
        <comment>err.input.grant_area.too_long</comment>
        <translation>An area has at most 50 characters.</translation>
    </message>
    <message>
        <source>请选择使用人。</source>
        <comment>err.input.grantee.empty</comment>
        <translation>Choose the person.</translation>
    </message>
    <message>
        <source>身份证号的校验位不对，请核对。</source>
        <comment>err.input.id_number.check</comment>
        <translation>The ID number's check character is wrong: please check it.</translation>
    </message>
    <message>
        <source>请填写身份证号。</source>
        <comment>err.input.id_number.empty</comment>
        <translation>Enter the ID number.</translation>
    </message>
    <message>
        <source>身份证号应为 18 位：17 位数字，最后一位是数字或 X。</source>
        <comment>err.input.id_number.format</comment>
        <translation>An ID number has 18 characters: 17 digits, then a digit or X.</translation>
    </message>
    <message>
        <source>印章图片须二选一：上传图片（--image）或自动生成（--style）。</source>
        <comment>err.input.image.choice</comment>
        <translation>Give the seal's image one way: --image or --style.</translation>
    </message>
    <message>
        <source>每台印章盒最多 3 名管章人。</source>
        <comment>err.input.keepers.too_many</comment>
        <translation>A box has at most 3 keepers.</translation>
    </message>
    <message>
        <source>备注中有无法使用的字符。</source>
        <comment>err.input.label.control</comment>
        <translation>The note has characters not allowed.</translation>
    </message>
    <message>
        <source>备注最多 100 个字。</source>
        <comment>err.input.label.too_long</comment>
        <translation>A note has at most 100 characters.</translation>
    </message>
    <message>
        <source>姓名中有无法使用的字符。</source>
        <comment>err.input.name.control</comment>
        <translation>The name has characters not allowed.</translation>
    </message>
    <message>
        <source>请填写姓名。</source>
        <comment>err.input.name.empty</comment>
        <translation>Enter a name.</translation>
    </message>
    <message>
        <source>姓名最多 50 个字。</source>
        <comment>err.input.name.too_long</comment>
        <translation>A name has at most 50 characters.</translation>
    </message>
    <message>
        <source>请输入密码。</source>
        <comment>err.input.password.empty</comment>
        <translation>Enter the password.</translation>
    </message>
    <message>
        <source>密码须为 8–20 位，且至少包含字母、数字、符号中的两种。</source>
        <comment>err.input.password.rule</comment>
        <translation>A password has 8–20 characters with at least two of letters, digits, symbols.</translation>
    </message>
    <message>
        <source>单位 UKey 用户不可编辑或移除。</source>
        <comment>err.input.person.key_holder</comment>
        <translation>The unit's key holder cannot be edited or removed.</translation>
    </message>
    <message>
        <source>该人员已离职：请先重新加入。</source>
        <comment>err.input.person.left</comment>
        <translation>This person has left: add them again first.</translation>
    </message>
    <message>
        <source>使用人不能包含换行或控制字符。</source>
        <comment>err.input.person_search.control</comment>
        <translation>A name cannot contain line breaks or control characters.</translation>
    </message>
    <message>
        <source>使用人最多 50 个字。</source>
        <comment>err.input.person_search.too_long</comment>
        <translation>A person to search for has at most 50 characters.</translation>
    </message>
    <message>
        <source>手机号应为 11 位数字，以 13–19 开头。</source>
        <comment>err.input.phone.format</comment>
        <translation>A phone number has 11 digits and starts with 13–19.</translation>
    </message>
    <message>
        <source>位置不能包含换行或控制字符。</source>
        <comment>err.input.place.control</comment>
        <translation>A place cannot contain line breaks or control characters.</translation>
    </message>
    <message>
        <source>位置最多 50 个字。</source>
        <comment>err.input.place.too_long</comment>
        <translation>A place has at most 50 characters.</translation>
    </message>
    <message>
        <source>使用位置不能包含换行或控制字符。</source>
        <comment>err.input.place_search.control</comment>
        <translation>A place cannot contain line breaks or control characters.</translation>
    </message>
    <message>
        <source>使用位置最多 50 个字。</source>
        <comment>err.input.place_search.too_long</comment>
        <translation>A place to search for has at most 50 characters.</translation>
    </message>
    <message>
        <source>驳回必须填写理由。</source>
        <comment>err.input.reason.empty</comment>
        <translation>A rejection needs a reason.</translation>
    </message>
    <message>
        <source>理由最多 200 个字。</source>
        <comment>err.input.reason.too_long</comment>
        <translation>A reason has at most 200 characters.</translation>
    </message>
    <message>
        <source>记录类型应为 stamp、abnormal 或 all。</source>
        <comment>err.input.record_kind.format</comment>
        <translation>The kind is stamp, abnormal or all.</translation>
    </message>
    <message>
        <source>记录视图应为 all（全部）、mine（我使用）或 managed（我管理）。</source>
        <comment>err.input.records_view.format</comment>
        <translation>The view is all, mine or managed.</translation>
    </message>
    <message>
        <source>请给出新的设备名称（--name）或设备备注（--note）。</source>
        <comment>err.input.rename.empty</comment>
        <translation>Give the new name (--name) or note (--note).</translation>
    </message>
    <message>
        <source>印章名称中有无法使用的字符。</source>
        <comment>err.input.seal_name.control</comment>
        <translation>The seal's name has characters not allowed.</translation>
    </message>
    <message>
        <source>请填写印章名称。</source>
        <comment>err.input.seal_name.empty</comment>
        <translation>Enter the seal's name.</translation>
    </message>
    <message>
        <source>印章名称最多 30 个字。</source>
        <comment>err.input.seal_name.too_long</comment>
        <translation>A seal's name has at most 30 characters.</translation>
    </message>
    <message>
        <source>印章类型只能是 cloud（云端印章）或 ukey（USB KEY 印章）。</source>
        <comment>err.input.seal_type.format</comment>
        <translation>The seal's type is cloud or ukey.</translation>
    </message>
    <message>
        <source>USB KEY 印章的申请须以单位 UKey 签名。</source>
        <comment>err.input.seal_type.key_needed</comment>
        <translation>A USB key seal's application is signed with the unit's key.</translation>
    </message>
    <message>
        <source>平台地址应以 http:// 或 https:// 开头，例如 https://platform.example。</source>
        <comment>err.input.server.format</comment>
        <translation>The platform's address starts with http:// or https://, e.g. https://platform.example.</translation>
    </message>
    <message>
        <source>印章规格写作 宽x高（毫米），例如 42x42。</source>
        <comment>err.input.size.format</comment>
        <translation>Write the seal's size as WxH in mm, e.g. 42x42.</translation>
    </message>
    <message>
        <source>自动生成的印章是圆形公章，规格须为 38–45 毫米见方（默认 42x42）；其他规格请上传印章图片。</source>
        <comment>err.input.size.generated</comment>
        <translation>A generated seal is round: 38–45 mm square (42x42 by default); upload an image for another size.</translation>
    </message>
    <message>
        <source>印章规格每边 10–60 毫米。</source>
        <comment>err.input.size.range</comment>
        <translation>A seal's size is 10–60 mm a side.</translation>
    </message>
    <message>
        <source>状态为 pending（待审核）、receipt（待回执）、valid（有效）、expired（已过期）、revoked（已注销）或 rejected（已否决）。</source>
        <comment>err.input.state.format</comment>
        <translation>The state is pending, receipt, valid, expired, revoked or rejected.</translation>
    </message>
    <message>
        <source>自动生成的样式为：党纪委、普通、工会、共青团（或 party、official、union、youth）。</source>
        <comment>err.input.style.format</comment>
        <translation>The generated styles are 党纪委, 普通, 工会, 共青团 (party, official, union, youth).</translation>
    </message>
    <message>
        <source>单位名称无法绘制在印章上（最多 40 个字，且须为印章字体所含的字符）：请上传印章图片。</source>
        <comment>err.input.style.unit_name</comment>
        <translation>The unit's name cannot be drawn on a seal (at most 40 characters the seal font has): upload an image instead.</translation>
    </message>
    <message>
        <source>开始时间晚于结束时间。</source>
        <comment>err.input.track_range.order</comment>
        <translation>The range starts after it ends.</translation>
    </message>
    <message>
        <source>时间无法识别：请用 2026-12-06 或 2026-12-06 09:30。</source>
        <comment>err.input.track_time.format</comment>
        <translation>Cannot read the time: use 2026-12-06 or 2026-12-06 09:30.</translation>
    </message>
    <message>
        <source>使用模式须为 physical（物理印章模式）或 electronic（电子印章模式）。</source>
        <comment>err.input.usage_mode.unknown</comment>
        <translation>The usage mode is physical or electronic.</translation>
    </message>
    <message>
        <source>开始时间必须早于结束时间。</source>
        <comment>err.input.window.order</comment>
        <translation>The start must be before the end.</translation>
    </message>
    <message>
        <source>结束时间必须晚于现在。</source>
        <comment>err.input.window.past</comment>
        <translation>The end must be later than now.</translation>
    </message>
    <message>
        <source>发生了意外错误，详细信息已写入日志：{log}</source>
        <comment>err.internal</comment>
        <translation>An unexpected error occurred; details are in the log: {log}</translation>
    </message>
    <message>
        <source>密钥或证书文件无法使用：{detail}</source>
        <comment>err.key_file</comment>
        <translation>The key or certificate file cannot be used: {detail}</translation>
    </message>
    <message>
        <source>密钥文件的密码不正确（SEALDESK_PIN）。</source>
        <comment>err.key_password</comment>
        <translation>The key file's password is wrong (SEALDESK_PIN).</translation>
    </message>
    <message>
        <source>此次审核的制章人（证书 SHA-256 {given}）不是平台数据库记录的制章人（{recorded}）：请使用记录的制章人（复制其 seal-maker.pem 到数据文件夹，或用 --maker-key/--maker-cert），有意更换制章人时加 --new-maker。</source>
        <comment>err.maker_differs</comment>
        <translation>This review's seal maker (certificate SHA-256 {given}) is not the one the platform's database recorded ({recorded}): use the recorded maker (copy its seal-maker.pem into the data folder, or give --maker-key/--maker-cert), or add --new-maker to replace it deliberately.</translation>
    </message>
    <message>
        <source>--maker-key 与 --maker-cert 须同时给出。</source>
        <comment>err.maker_pair</comment>
        <translation>Give --maker-key and --maker-cert together.</translation>
    </message>
    <message>
        <source>“{path}”不是可用的 USB Key 驱动（PKCS#11 模块）：{reason}</source>
        <comment>err.module_invalid</comment>
        <translation>'{path}' is not a usable USB key driver (PKCS#11 module): {reason}</translation>
    </message>
    <message>
        <source>找不到 USB Key 驱动（PKCS#11 模块）：{path}。请安装 USB Key 厂商的驱动，或用 --module 指定模块文件。</source>
        <comment>err.module_missing</comment>
        <translation>USB key driver (PKCS#11 module) not found: {path}. Install the vendor's driver or name the module file with --module.</translation>
    </message>
    <message>
        <source>没有配置 USB Key 驱动，也没有自动找到已知厂商的驱动。请安装驱动，或用 --module 指定。</source>
        <comment>err.module_missing_none</comment>
        <translation>No USB key driver is configured and none of the known vendors' drivers was found. Install one or use --module.</translation>
    </message>
    <message>
        <source>--new-maker 只用于 --approve（否决不制作印章）。</source>
        <comment>err.new_maker_reject</comment>
        <translation>--new-maker goes with --approve only (a rejection makes no seal).</translation>
    </message>
    <message>
        <source>没有找到显示器（DISPLAY 未设置），无法打开窗口。在没有屏幕的机器上请使用命令行（sealdesk --help），或在虚拟屏幕上运行：xvfb-run -a sealdesk gui</source>
        <comment>err.no_display</comment>
        <translation>No display found (DISPLAY is not set): the window cannot open. Without a screen use the command line (sealdesk --help), or run on a virtual screen: xvfb-run -a sealdesk gui</translation>
    </message>
    <message>
        <source>无法监视 USB Key：既没有智能卡服务（pcscd），也没有可轮询的驱动。</source>
        <comment>err.no_pcsc</comment>
        <translation>Cannot watch keys: no smart-card service (pcscd) and no module to poll.</translation>
    </message>
    <message>
        <source>导入的图片只能保存为 PNG。</source>
        <comment>err.no_svg</comment>
        <translation>An imported image can only be saved as PNG.</translation>
    </message>
    <message>
        <source>不是证书文件：{path}</source>
        <comment>err.not_certificate</comment>
        <translation>Not a certificate file: {path}</translation>
    </message>
    <message>
        <source>该操作需要先输入 PIN 码。</source>
        <comment>err.not_logged_in</comment>
        <translation>This needs the PIN first.</translation>
    </message>
    <message>
        <source>尚未登录平台：请先运行 sealdesk platform login --server URL。</source>
        <comment>err.not_logged_in_platform</comment>
        <translation>Not logged in to the platform: run sealdesk platform login --server URL first.</translation>
    </message>
    <message>
        <source>这个 USB Key 不支持该操作（{what}）。</source>
        <comment>err.not_supported</comment>
        <translation>This USB key does not support this ({what}).</translation>
    </message>
    <message>
        <source>USB Key 中没有找到：{what}</source>
        <comment>err.object_not_found</comment>
        <translation>Not found on the USB key: {what}</translation>
    </message>
    <message>
        <source>分辨率必须大于 0：{dpi}</source>
        <comment>err.ofd_dpi</comment>
        <translation>The resolution must be above 0: {dpi}</translation>
    </message>
    <message>
        <source>OFD 文件没有第 {page} 页（共 {count} 页）</source>
        <comment>err.ofd_page</comment>
        <translation>No page {page} in the OFD file ({count} pages)</translation>
    </message>
    <message>
        <source>-o 只能用于一个输入文件；多个文件请用 --out-dir。</source>
        <comment>err.one_output</comment>
        <translation>-o takes one input file; use --out-dir for several.</translation>
    </message>
    <message>
        <source>运维人员 {name} 已存在。</source>
        <comment>err.operator_exists</comment>
        <translation>Operator {name} exists already.</translation>
    </message>
    <message>
        <source>运维人员名称须为 1–100 个字符。</source>
        <comment>err.operator_name</comment>
        <translation>An operator name has 1–100 characters.</translation>
    </message>
    <message>
        <source>输出文件已存在：{path}（用 --overwrite 覆盖）</source>
        <comment>err.output_exists</comment>
        <translation>The output file exists: {path} (use --overwrite)</translation>
    </message>
    <message>
        <source>需要登录密码：请在终端中运行以输入密码，或设置环境变量 SEALDESK_PASSWORD。</source>
        <comment>err.password_missing</comment>
        <translation>The login password is needed: run in a terminal to type it, or set SEALDESK_PASSWORD.</translation>
    </message>
    <message>
        <source>本机没有这个人员（先同步？）。</source>
        <comment>err.person_not_found</comment>
        <translation>No such person here (sync first?).</translation>
    </message>
    <message>
        <source>PIN 码不能为空。</source>
        <comment>err.pin_format.empty</comment>
        <translation>The PIN is empty.</translation>
    </message>
    <message>
        <source>PIN 码只能包含英文字母、数字和符号（请检查输入法）。本次未提交给 USB Key，不计错误次数。</source>
        <comment>err.pin_format.not_ascii</comment>
        <translation>The PIN may only contain ASCII letters, digits and symbols (check the input method). It was not sent to the key; no attempt was used.</translation>
    </message>
    <message>
        <source>USB Key 不接受这个 PIN 码的长度或字符（{min}–{max} 位）。</source>
        <comment>err.pin_format.rejected_by_key</comment>
        <translation>The USB key refuses this PIN's length or characters ({min}–{max}).</translation>
    </message>
    <message>
        <source>PIN 码太长（最多 {max} 位）。本次未提交给 USB Key，不计错误次数。</source>
        <comment>err.pin_format.too_long</comment>
        <translation>The PIN is too long (at most {max} characters). No attempt was used.</translation>
    </message>
    <message>
        <source>PIN 码太短（至少 {min} 位）。本次未提交给 USB Key，不计错误次数。</source>
        <comment>err.pin_format.too_short</comment>
        <translation>The PIN is too short (at least {min} characters). No attempt was used.</translation>
    </message>
    <message>
        <source>PIN 码错误，请重新输入。</source>
        <comment>err.pin_incorrect</comment>
        <translation>Wrong PIN, please try again.</translation>
    </message>
    <message>
        <source>PIN 码错误，还剩 {tries} 次机会，再输错将锁定 USB Key。</source>
        <comment>err.pin_incorrect_left</comment>
        <translation>Wrong PIN: {tries} attempt(s) left before the USB key locks.</translation>
    </message>
    <message>
        <source>PIN 码错误，请重新输入。连续输错多次将锁定 USB Key。</source>
        <comment>err.pin_incorrect_low</comment>
        <translation>Wrong PIN, please try again. Repeated wrong PINs lock the USB key.</translation>
    </message>
    <message>
        <source>PIN 码已锁定，无法再使用这个 USB Key 签章。请联系发证机构或单位管理员解锁。</source>
        <comment>err.pin_locked</comment>
        <translation>The PIN is locked. Ask the issuing CA or your administrator to unlock the USB key.</translation>
    </message>
    <message>
        <source>两次输入的新 PIN 码不一致。</source>
        <comment>err.pin_mismatch</comment>
        <translation>The two new PINs differ.</translation>
    </message>
    <message>
        <source>需要 PIN 码：请在终端中运行以输入 PIN，或设置环境变量 SEALDESK_PIN。</source>
        <comment>err.pin_missing</comment>
        <translation>A PIN is needed: run in a terminal to type it, or set SEALDESK_PIN.</translation>
    </message>
    <message>
        <source>--place 需要印章：--seal 或 --image。</source>
        <comment>err.place_needs_seal</comment>
        <translation>--place needs a seal: --seal or --image.</translation>
    </message>
    <message>
        <source>印章申请“{name}”的 UKey 证书已过期，无法制作印章：请否决。</source>
        <comment>err.review.certificate_expired</comment>
        <translation>The key certificate of the seal application '{name}' has expired: the seal cannot be made; reject it.</translation>
    </message>
    <message>
        <source>云端印章“{name}”暂不能由平台制作（只可否决）。</source>
        <comment>err.review.cloud_seal</comment>
        <translation>The platform does not make cloud seals yet ('{name}'): it can only be rejected.</translation>
    </message>
    <message>
        <source>没有印章申请 {name}。</source>
        <comment>err.review.no_application</comment>
        <translation>No seal application {name}.</translation>
    </message>
    <message>
        <source>印章申请“{name}”提交时未保存 UKey 证书（升级前的申请），无法制作印章：请否决并请单位重新申请。</source>
        <comment>err.review.no_certificate</comment>
        <translation>The seal application '{name}' was made before its key's certificate was kept: the seal cannot be made; reject it and ask the unit to apply again.</translation>
    </message>
    <message>
        <source>没有运维人员 {name}（sealdesk server operator add）。</source>
        <comment>err.review.no_operator</comment>
        <translation>No operator {name} (sealdesk server operator add).</translation>
    </message>
    <message>
        <source>印章申请“{name}”的状态为{state}，只有待审核的申请可以审核。</source>
        <comment>err.review.not_pending</comment>
        <translation>The seal application '{name}' is {state}: only a pending one is reviewed.</translation>
    </message>
    <message>
        <source>印章申请“{name}”的状态为{state}，只有待审核或待回执的申请可以否决。</source>
        <comment>err.review.not_rejectable</comment>
        <translation>The seal application '{name}' is {state}: only a pending one or one awaiting its receipt is rejected.</translation>
    </message>
    <message>
        <source>否决须说明原因（1–{max} 个字，不能只有空格）。</source>
        <comment>err.review_reason</comment>
        <translation>A rejection says why (1–{max} characters, not only spaces).</translation>
    </message>
    <message>
        <source>注销印章不可撤销：确认注销请加 --yes（sealdesk platform seal revoke {id} --yes）。</source>
        <comment>err.revoke_confirm</comment>
        <translation>Revoking a seal cannot be undone: confirm with --yes (sealdesk platform seal revoke {id} --yes).</translation>
    </message>
    <message>
        <source>{detail}</source>
        <comment>err.seal_image</comment>
        <translation>{detail}</translation>
    </message>
    <message>
        <source>制章密钥无法使用：{detail}</source>
        <comment>err.seal_maker</comment>
        <translation>The seal maker's key cannot be used: {detail}</translation>
    </message>
    <message>
        <source>印章或签章数据格式错误，无法读取：{detail}</source>
        <comment>err.seal_malformed</comment>
        <translation>The seal or seal signature is malformed: {detail}</translation>
    </message>
    <message>
        <source>印章“{name}”要从 USB Key 读取：请用 --token，或给出 .esl 文件。</source>
        <comment>err.seal_needs_token</comment>
        <translation>Seal '{name}' is read from the USB key: use --token or a .esl file.</translation>
    </message>
    <message>
        <source>印章“{name}”不属于 UKey“{token}”（印章中没有这把 UKey 的证书）：请插入申请该印章的 UKey。</source>
        <comment>err.seal_not_for_key</comment>
        <translation>The seal '{name}' is not for the key '{token}' (it names none of the key's certificates): insert the key that applied for it.</translation>
    </message>
    <message>
        <source>印章“{name}”的状态为{state}，不能写入 UKey：只有已回执的有效印章可以写入。</source>
        <comment>err.seal_not_valid</comment>
        <translation>The seal '{name}' is {state}: only a valid seal (after its receipt) is written into the key.</translation>
    </message>
    <message>
        <source>印章样式“{value}”无效，可选：{styles}</source>
        <comment>err.seal_style</comment>
        <translation>Unknown seal style '{value}': {styles}</translation>
    </message>
    <message>
        <source>印章类型“{value}”无效：用 1/unit、2/personal 或 3/legal。</source>
        <comment>err.seal_type</comment>
        <translation>Seal type '{value}' is invalid: use 1/unit, 2/personal or 3/legal.</translation>
    </message>
    <message>
        <source>平台数据库无法使用：{detail}</source>
        <comment>err.server_db</comment>
        <translation>The platform database cannot be used: {detail}</translation>
    </message>
    <message>
        <source>未安装服务器组件：请安装 sealdesk[server]。</source>
        <comment>err.server_extra</comment>
        <translation>The server is not installed: install sealdesk[server].</translation>
    </message>
    <message>
        <source>端口 {port} 无效（1–65535）。</source>
        <comment>err.server_port</comment>
        <translation>Port {port} is invalid (1–65535).</translation>
    </message>
    <message>
        <source>平台拒绝了请求：{message}</source>
        <comment>err.server_refused</comment>
        <translation>The platform refused: {message}</translation>
    </message>
    <message>
        <source>无法连接平台服务器 {url}：{detail}</source>
        <comment>err.server_unreachable</comment>
        <translation>The platform server {url} is unreachable: {detail}</translation>
    </message>
    <message>
        <source>无法连接平台服务器 {url}：以下为本机数据（上次同步 {last}）。</source>
        <comment>err.server_unreachable_local</comment>
        <translation>The platform server {url} is unreachable: this is the local copy (last sync {last}).</translation>
    </message>
    <message>
        <source>设置文件有误：{detail}</source>
        <comment>err.settings</comment>
        <translation>The settings file is invalid: {detail}</translation>
    </message>
    <message>
        <source>本地数据库无法使用，这次不保存文件记录：{detail}</source>
        <comment>err.store</comment>
        <translation>The local database cannot be used; no file records are kept this time: {detail}</translation>
    </message>
    <message>
        <source>插入了多个 USB Key（{labels}），请用 --token 指定一个。</source>
        <comment>err.token_ambiguous</comment>
        <translation>Several USB keys are present ({labels}); choose one with --token.</translation>
    </message>
    <message>
        <source>未找到 USB Key{label}。请插入 USB Key 后重试。</source>
        <comment>err.token_not_found</comment>
        <translation>No USB key{label} found. Plug in the key and try again.</translation>
    </message>
    <message>
        <source>未找到名为“{label}”的 USB Key。当前插入的有：{available}。</source>
        <comment>err.token_not_found_available</comment>
        <translation>No USB key named '{label}'. Present: {available}.</translation>
    </message>
    <message>
        <source>USB Key 已被拔出或无法访问，操作已取消。请重新插入后再试。</source>
        <comment>err.token_removed</comment>
        <translation>The USB key was removed or cannot be reached; the operation was cancelled. Plug it in and try again.</translation>
    </message>
    <message>
        <source>{detail}</source>
        <comment>err.usage</comment>
        <translation>{detail}</translation>
    </message>
    <message>
        <source>写入 USB Key 的数据“{label}”校验失败，已保留原有数据。</source>
        <comment>err.write_verify</comment>
        <translation>Writing '{label}' to the USB key did not verify; the previous data was kept.</translation>
    </message>
    <message>
        <source>USB Key 插入</source>
        <comment>event.card-inserted</comment>
        <translation>key inserted</translation>
    </message>
    <message>
        <source>USB Key 拔出</source>
        <comment>event.card-removed</comment>
        <translation>key removed</translation>
    </message>
    <message>
        <source>读卡器接入</source>
        <comment>event.reader-added</comment>
        <translation>reader added</translation>
    </message>
    <message>
        <source>读卡器移除</source>
        <comment>event.reader-removed</comment>
        <translation>reader removed</translation>
    </message>
    <message>
        <source>添加…</source>
        <comment>gui.add</comment>
        <translation>Add…</translation>
    </message>
    <message>
        <source>添加印章图片…</source>
        <comment>gui.add_image</comment>
        <translation>Add seal picture…</translation>
    </message>
    <message>
        <source>再次输入</source>
        <comment>gui.again</comment>
        <translation>Again</translation>
    </message>
    <message>
        <source>批量签署（{count} 份文件）</source>
        <comment>gui.batch_box</comment>
        <translation>Batch ({count} files)</translation>
    </message>
    <message>
        <source>已取消，未生成文件</source>
        <comment>gui.batch_cancelled</comment>
        <translation>cancelled, no file written</translation>
    </message>
    <message>
        <source>正在签署…</source>
        <comment>gui.batch_running</comment>
        <translation>signing…</translation>
    </message>
    <message>
        <source>已保存为 {name}</source>
        <comment>gui.batch_saved</comment>
        <translation>saved as {name}</translation>
    </message>
    <message>
        <source>批量签署结束：{ok} 份成功，{failed} 份失败，{cancelled} 份取消。</source>
        <comment>gui.batch_summary</comment>
        <translation>Batch finished: {ok} signed, {failed} failed, {cancelled} cancelled.</translation>
    </message>
    <message>
        <source>等待签署</source>
        <comment>gui.batch_waiting</comment>
        <translation>waiting</translation>
    </message>
    <message>
        <source>浏览…</source>
        <comment>gui.browse</comment>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>正在读取 USB Key…</source>
        <comment>gui.busy</comment>
        <translation>Reading the USB key…</translation>
    </message>
    <message>
        <source>取消</source>
        <comment>gui.cancel</comment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <comment>gui.cancelling</comment>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>证书“{label}”已于 {date} 过期，不能再用于签章。请联系发证机构更新。</source>
        <comment>gui.cert_expired</comment>
        <translation>Certificate '{label}' expired on {date} and can no longer sign. Ask the CA to renew it.</translation>
    </message>
    <message>
        <source>证书“{label}”将在 {days} 天后（{date}）过期，请尽快联系发证机构更新。</source>
        <comment>gui.cert_expires_soon</comment>
        <translation>Certificate '{label}' expires in {days} days ({date}): ask the CA to renew it soon.</translation>
    </message>
    <message>
        <source>证书</source>
        <comment>gui.cert_filter</comment>
        <translation>Certificates</translation>
    </message>
    <message>
        <source>标签</source>
        <comment>gui.cert_label</comment>
        <translation>Label</translation>
    </message>
    <message>
        <source>单位</source>
        <comment>gui.cert_unit</comment>
        <translation>Unit</translation>
    </message>
    <message>
        <source>有效期至</source>
        <comment>gui.cert_valid_to</comment>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>修改 PIN…</source>
        <comment>gui.change_pin</comment>
        <translation>Change PIN…</translation>
    </message>
    <message>
        <source>修改 USB Key“{label}”的 PIN 码</source>
        <comment>gui.change_pin_for</comment>
        <translation>Change the PIN of USB key '{label}'</translation>
    </message>
    <message>
        <source>修改 PIN 码</source>
        <comment>gui.change_pin_title</comment>
        <translation>Change PIN</translation>
    </message>
    <message>
        <source>选择制章人证书</source>
        <comment>gui.choose_maker_cert</comment>
        <translation>Choose the seal maker's certificate</translation>
    </message>
    <message>
        <source>选择制章人私钥文件</source>
        <comment>gui.choose_maker_key</comment>
        <translation>Choose the seal maker's key file</translation>
    </message>
    <message>
        <source>请先在右侧选中一个印章。</source>
        <comment>gui.choose_seal_first</comment>
        <translation>Select a seal on the right first.</translation>
    </message>
    <message>
        <source>签署日期</source>
        <comment>gui.col_date</comment>
        <translation>Date</translation>
    </message>
    <message>
        <source>文件名称</source>
        <comment>gui.col_file</comment>
        <translation>File</translation>
    </message>
    <message>
        <source>页数</source>
        <comment>gui.col_pages</comment>
        <translation>Pages</translation>
    </message>
    <message>
        <source>印章</source>
        <comment>gui.col_seal</comment>
        <translation>Seal</translation>
    </message>
    <message>
        <source>签署人</source>
        <comment>gui.col_signer</comment>
        <translation>Signer</translation>
    </message>
    <message>
        <source>（已存在）</source>
        <comment>gui.confirm_exists</comment>
        <translation>(exists)</translation>
    </message>
    <message>
        <source>继续，输入 PIN</source>
        <comment>gui.confirm_go</comment>
        <translation>Continue to the PIN</translation>
    </message>
    <message>
        <source>关键字：找到 {count} 处，各盖一个章</source>
        <comment>gui.confirm_hits</comment>
        <translation>Keyword: found {count} time(s), a seal on each</translation>
    </message>
    <message>
        <source>将为 {count} 个文件签章：{stamps}。请核对以下内容，继续后输入 PIN 码。</source>
        <comment>gui.confirm_lead</comment>
        <translation>{count} file(s) will be signed: {stamps}. Check the list below; the PIN comes next.</translation>
    </message>
    <message>
        <source>正在检查要签署的文件…</source>
        <comment>gui.confirm_looking</comment>
        <translation>Looking at the files to sign…</translation>
    </message>
    <message>
        <source>关键字：未找到，此文件将不会签署</source>
        <comment>gui.confirm_no_hits</comment>
        <translation>Keyword: not found, this file will not be signed</translation>
    </message>
    <message>
        <source>没有要签署的文件：已有签署件的文件都被跳过了。</source>
        <comment>gui.confirm_nothing</comment>
        <translation>Nothing to sign: every file with a signed copy was skipped.</translation>
    </message>
    <message>
        <source>签署前确认</source>
        <comment>gui.confirm_title</comment>
        <translation>Confirm before signing</translation>
    </message>
    <message>
        <source>文件无法读取，签署时将说明原因</source>
        <comment>gui.confirm_unreadable</comment>
        <translation>The file cannot be read; signing will say why</translation>
    </message>
    <message>
        <source>骑缝章起始页</source>
        <comment>gui.cross_from</comment>
        <translation>Cross-page seal from page</translation>
    </message>
    <message>
        <source>每组页数</source>
        <comment>gui.cross_group</comment>
        <translation>Pages per group</translation>
    </message>
    <message>
        <source>自动</source>
        <comment>gui.cross_group_auto</comment>
        <translation>auto</translation>
    </message>
    <message>
        <source>长文档的骑缝章分组加盖，每组盖一个完整的印章。自动：每条至少 {mm:g} 毫米宽。</source>
        <comment>gui.cross_group_hint</comment>
        <translation>A long document's cross-page seal is stamped in groups, each a whole seal. Auto: every strip at least {mm:g} mm wide.</translation>
    </message>
    <message>
        <source>骑缝章需要至少两页的文档。</source>
        <comment>gui.cross_needs_two</comment>
        <translation>A cross-page seal needs a document of at least two pages.</translation>
    </message>
    <message>
        <source>加盖骑缝章</source>
        <comment>gui.cross_page</comment>
        <translation>Cross-page seal</translation>
    </message>
    <message>
        <source>{summary}沿页边拖动可调整位置。</source>
        <comment>gui.cross_preview</comment>
        <translation>{summary} Drag along the edge to move it.</translation>
    </message>
    <message>
        <source>页码范围</source>
        <comment>gui.cross_range</comment>
        <translation>Pages</translation>
    </message>
    <message>
        <source>骑缝章第 {group} 组：第 {first}–{last} 页</source>
        <comment>gui.cross_strip_tip</comment>
        <translation>Cross-page seal, group {group}: pages {first}–{last}</translation>
    </message>
    <message>
        <source>骑缝章结束页</source>
        <comment>gui.cross_to</comment>
        <translation>Cross-page seal to page</translation>
    </message>
    <message>
        <source>从 USB Key 删除…</source>
        <comment>gui.delete_seal</comment>
        <translation>Delete from the USB key…</translation>
    </message>
    <message>
        <source>从 USB Key“{label}”删除印章“{seal}”？删除后无法用它签章，需要重新写入。</source>
        <comment>gui.delete_seal_ask</comment>
        <translation>Delete seal '{seal}' from USB key '{label}'? It cannot sign any more until written again.</translation>
    </message>
    <message>
        <source>信任演示 USB Key 的根证书</source>
        <comment>gui.demo_mode</comment>
        <translation>Trust the demo key's roots</translation>
    </message>
    <message>
        <source>只对演示钥匙自己的证书有效；开启后窗口标题显示“演示模式”，验证结果注明“演示根证书”。</source>
        <comment>gui.demo_note</comment>
        <translation>For the demo key's own certificates only; the title then says 'demo mode' and verdicts name the demo root.</translation>
    </message>
    <message>
        <source>PDF 或 OFD 文件</source>
        <comment>gui.doc_filter</comment>
        <translation>PDF or OFD files</translation>
    </message>
    <message>
        <source>拖到页面上加盖，或按 Enter / 双击放到当前页中央</source>
        <comment>gui.drag_hint</comment>
        <translation>Drag onto a page, or press Enter / double-click to place it in the middle of the page in view</translation>
    </message>
    <message>
        <source>请把印章放在页面上。</source>
        <comment>gui.drop_on_page</comment>
        <translation>Drop the seal on a page.</translation>
    </message>
    <message>
        <source>底部</source>
        <comment>gui.edge_bottom</comment>
        <translation>bottom edge</translation>
    </message>
    <message>
        <source>左侧</source>
        <comment>gui.edge_left</comment>
        <translation>left edge</translation>
    </message>
    <message>
        <source>右侧</source>
        <comment>gui.edge_right</comment>
        <translation>right edge</translation>
    </message>
    <message>
        <source>顶部</source>
        <comment>gui.edge_top</comment>
        <translation>top edge</translation>
    </message>
    <message>
        <source>出现了意外的问题（{detail}）。请重试；如果再次出现，请把这句话发给技术支持。</source>
        <comment>gui.err_unexpected</comment>
        <translation>Something unexpected went wrong ({detail}). Try again; if it happens again, send this sentence to support.</translation>
    </message>
    <message>
        <source>插拔记录</source>
        <comment>gui.events</comment>
        <translation>Events</translation>
    </message>
    <message>
        <source>{count} 个签署件已存在</source>
        <comment>gui.existing_label</comment>
        <translation>{count} signed copies exist</translation>
    </message>
    <message>
        <source>另存为新文件（名称加序号）</source>
        <comment>gui.existing_new_name</comment>
        <translation>Save as new files (numbered names)</translation>
    </message>
    <message>
        <source>覆盖已有的签署件</source>
        <comment>gui.existing_overwrite</comment>
        <translation>Replace the existing signed copies</translation>
    </message>
    <message>
        <source>跳过这些文件</source>
        <comment>gui.existing_skip</comment>
        <translation>Skip these files</translation>
    </message>
    <message>
        <source>导出这份文件的验证报告…</source>
        <comment>gui.export_report</comment>
        <translation>Export this file's report…</translation>
    </message>
    <message>
        <source>{name}（共 {pages} 页）</source>
        <comment>gui.file_line</comment>
        <translation>{name} ({pages} pages)</translation>
    </message>
    <message>
        <source>批量签署 {count} 份</source>
        <comment>gui.finish_batch</comment>
        <translation>Sign {count} files</translation>
    </message>
    <message>
        <source>完成签署</source>
        <comment>gui.finish_signing</comment>
        <translation>Finish signing</translation>
    </message>
    <message>
        <source>适合宽度</source>
        <comment>gui.fit_width</comment>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>图片</source>
        <comment>gui.from_image</comment>
        <translation>image</translation>
    </message>
    <message>
        <source>USB Key</source>
        <comment>gui.from_key</comment>
        <translation>USB key</translation>
    </message>
    <message>
        <source>转到页…</source>
        <comment>gui.go_to_page</comment>
        <translation>Go to page…</translation>
    </message>
    <message>
        <source>页码（1–{pages}）：</source>
        <comment>gui.go_to_page_prompt</comment>
        <translation>Page (1–{pages}):</translation>
    </message>
    <message>
        <source>待我审批</source>
        <comment>gui.home_todo</comment>
        <translation>Waiting for my approval</translation>
    </message>
    <message>
        <source>待我审批（{count}）</source>
        <comment>gui.home_todo_count</comment>
        <translation>Waiting for my approval ({count})</translation>
    </message>
    <message>
        <source>{who}：{reason}（{count} 次，{box}，{when} 申请）</source>
        <comment>gui.home_todo_line</comment>
        <translation>{who}: {reason} ({count} time(s), {box}, applied {when})</translation>
    </message>
    <message>
        <source>还有 {count} 条</source>
        <comment>gui.home_todo_more</comment>
        <translation>{count} more</translation>
    </message>
    <message>
        <source>前往审批</source>
        <comment>gui.home_todo_open</comment>
        <translation>Go to the applications</translation>
    </message>
    <message>
        <source>图片</source>
        <comment>gui.image_filter</comment>
        <translation>Images</translation>
    </message>
    <message>
        <source>导入扫描的印章…</source>
        <comment>gui.import_scan</comment>
        <translation>Import a scanned seal…</translation>
    </message>
    <message>
        <source>未检测到 USB Key，请插入。</source>
        <comment>gui.key_absent</comment>
        <translation>No USB key. Please plug one in.</translation>
    </message>
    <message>
        <source>已连接 {count} 个 USB Key</source>
        <comment>gui.key_many</comment>
        <translation>{count} USB keys connected</translation>
    </message>
    <message>
        <source>USB Key 已连接：{label}（{manufacturer}）</source>
        <comment>gui.key_present</comment>
        <translation>USB key connected: {label} ({manufacturer})</translation>
    </message>
    <message>
        <source>USB Key</source>
        <comment>gui.keys</comment>
        <translation>USB keys</translation>
    </message>
    <message>
        <source>关键字盖章</source>
        <comment>gui.keyword_box</comment>
        <translation>Seal at a keyword</translation>
    </message>
    <message>
        <source>关键字“{keyword}”找到 {count} 处，虚线框是将要盖章的位置。</source>
        <comment>gui.keyword_found</comment>
        <translation>'{keyword}' found {count} time(s); the dashed boxes show where the seal goes.</translation>
    </message>
    <message>
        <source>关键字盖章位置</source>
        <comment>gui.keyword_hit</comment>
        <translation>Where the keyword puts the seal</translation>
    </message>
    <message>
        <source>文档中没有找到关键字“{keyword}”。</source>
        <comment>gui.keyword_missing</comment>
        <translation>The keyword '{keyword}' does not occur in the document.</translation>
    </message>
    <message>
        <source>输入关键字，如“盖章处”</source>
        <comment>gui.keyword_placeholder</comment>
        <translation>Keyword, e.g. 'Seal here'</translation>
    </message>
    <message>
        <source>普通公章</source>
        <comment>gui.kind_official</comment>
        <translation>Official seal</translation>
    </message>
    <message>
        <source>党纪委公章</source>
        <comment>gui.kind_party</comment>
        <translation>Party / discipline committee seal</translation>
    </message>
    <message>
        <source>个人章（长方形）</source>
        <comment>gui.kind_personal_rect</comment>
        <translation>Personal seal (oblong)</translation>
    </message>
    <message>
        <source>个人章（方形）</source>
        <comment>gui.kind_personal_square</comment>
        <translation>Personal seal (square)</translation>
    </message>
    <message>
        <source>工会公章</source>
        <comment>gui.kind_union</comment>
        <translation>Trade union seal</translation>
    </message>
    <message>
        <source>共青团章</source>
        <comment>gui.kind_youth</comment>
        <translation>Youth League seal</translation>
    </message>
    <message>
        <source>已登录“{label}”：本次运行中签署无需再输入 PIN 码。</source>
        <comment>gui.logged_in</comment>
        <translation>Logged in to '{label}': no PIN needed to sign while SealDesk runs.</translation>
    </message>
    <message>
        <source>已退出登录：下次签署时需输入 PIN 码。</source>
        <comment>gui.logged_out</comment>
        <translation>Logged out: the next signing asks for the PIN.</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <comment>gui.logging_in</comment>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>登录（输入 PIN）…</source>
        <comment>gui.login</comment>
        <translation>Log in (PIN)…</translation>
    </message>
    <message>
        <source>退出登录</source>
        <comment>gui.logout</comment>
        <translation>Log out</translation>
    </message>
    <message>
        <source>制作印章需要制章人的私钥和证书（演示模式下自动使用演示制章人）。</source>
        <comment>gui.maker_needed</comment>
        <translation>Making a seal needs the seal maker's key and certificate (the demo maker in demo mode).</translation>
    </message>
    <message>
        <source>制章机构的根证书或证书：只用于判断印章的制作者是否可信，不用于签名人证书。</source>
        <comment>gui.makers_note</comment>
        <translation>Roots or certificates of seal makers (制章机构): trusted for who made a seal, never for signers.</translation>
    </message>
    <message>
        <source>留空则自动检测</source>
        <comment>gui.module_auto</comment>
        <translation>empty: detected automatically</translation>
    </message>
    <message>
        <source>驱动：{path}（{source}）</source>
        <comment>gui.module_line</comment>
        <translation>Driver: {path} ({source})</translation>
    </message>
    <message>
        <source>驱动可用（{path}），检测到 {keys} 个 USB Key；保存后使用此驱动。</source>
        <comment>gui.module_ok</comment>
        <translation>The driver works ({path}) and finds {keys} USB key(s); it is used once saved.</translation>
    </message>
    <message>
        <source>正在加载驱动…</source>
        <comment>gui.module_testing</comment>
        <translation>Loading the driver…</translation>
    </message>
    <message>
        <source>页面导航（↑↓ 切换，Alt+1…7）</source>
        <comment>gui.navigation</comment>
        <translation>Pages (↑↓ to switch, Alt+1…7)</translation>
    </message>
    <message>
        <source>打开或拖入 PDF / OFD 文件开始签章（可一次多个）</source>
        <comment>gui.no_file</comment>
        <translation>Open or drop PDF / OFD files to start signing (several at once)</translation>
    </message>
    <message>
        <source>所有出现处</source>
        <comment>gui.occurrence_all</comment>
        <translation>every occurrence</translation>
    </message>
    <message>
        <source>第一处</source>
        <comment>gui.occurrence_first</comment>
        <translation>first occurrence</translation>
    </message>
    <message>
        <source>最后一处</source>
        <comment>gui.occurrence_last</comment>
        <translation>last occurrence</translation>
    </message>
    <message>
        <source>偏移</source>
        <comment>gui.offset</comment>
        <translation>Offset</translation>
    </message>
    <message>
        <source>向右偏移（mm）</source>
        <comment>gui.offset_x</comment>
        <translation>Offset to the right (mm)</translation>
    </message>
    <message>
        <source>向下偏移（mm）</source>
        <comment>gui.offset_y</comment>
        <translation>Offset downwards (mm)</translation>
    </message>
    <message>
        <source>打开</source>
        <comment>gui.open_again</comment>
        <translation>Open</translation>
    </message>
    <message>
        <source>打开文件…</source>
        <comment>gui.open_file</comment>
        <translation>Open file…</translation>
    </message>
    <message>
        <source>请先打开一个 PDF 或 OFD 文件。</source>
        <comment>gui.open_first</comment>
        <translation>Open a PDF or OFD file first.</translation>
    </message>
    <message>
        <source>打开文件验证…</source>
        <comment>gui.open_to_verify</comment>
        <translation>Open files to verify…</translation>
    </message>
    <message>
        <source>留空则保存在原文件旁边</source>
        <comment>gui.output_beside</comment>
        <translation>empty: beside the original</translation>
    </message>
    <message>
        <source>页面（Tab 依次选中已放置的印章，方向键移动 1 mm，Shift+方向键 10 mm，Delete 删除）</source>
        <comment>gui.page_view</comment>
        <translation>Pages (Tab selects the placed seals in turn, arrow keys move 1 mm, Shift+arrows 10 mm, Delete removes)</translation>
    </message>
    <message>
        <source>PDF 文件</source>
        <comment>gui.pdf_filter</comment>
        <translation>PDF files</translation>
    </message>
    <message>
        <source>“{name}”已加密，请输入打开密码以验证其中的签名（密码只用于这个文件，不会保存）。</source>
        <comment>gui.pdf_password_ask</comment>
        <translation>'{name}' is encrypted: enter its password to verify its signatures (used for this file only, never saved).</translation>
    </message>
    <message>
        <source>输入 PDF 打开密码</source>
        <comment>gui.pdf_password_title</comment>
        <translation>PDF password</translation>
    </message>
    <message>
        <source>密码不正确，请重新输入。</source>
        <comment>gui.pdf_password_wrong</comment>
        <translation>The password is wrong; try again.</translation>
    </message>
    <message>
        <source>USB Key 已重新插入或已退出登录，请再次输入 PIN 码。</source>
        <comment>gui.pin_again</comment>
        <translation>The USB key was plugged again or logged out: enter the PIN again.</translation>
    </message>
    <message>
        <source>自上次登录以来输错过 PIN 码；连续输错多次将锁定 USB Key。</source>
        <comment>gui.pin_count_low</comment>
        <translation>A wrong PIN was entered since the last login; repeated wrong PINs lock the USB key.</translation>
    </message>
    <message>
        <source>每次签署都输入 PIN 码</source>
        <comment>gui.pin_every_time</comment>
        <translation>Ask for the PIN at every signing</translation>
    </message>
    <message>
        <source>最后一次机会：再输错一次，USB Key 将被锁定。</source>
        <comment>gui.pin_final_try</comment>
        <translation>Last attempt: one more wrong PIN locks the USB key.</translation>
    </message>
    <message>
        <source>PIN 码只发给 USB Key，不会被保存。</source>
        <comment>gui.pin_hint</comment>
        <translation>The PIN goes to the USB key only and is never stored.</translation>
    </message>
    <message>
        <source>不勾选时，本次运行中只需输入一次 PIN 码，拔出 USB Key 或退出 SealDesk 后需重新输入。PIN 码从不保存到本机。</source>
        <comment>gui.pin_policy_note</comment>
        <translation>Unticked, the PIN is asked once while SealDesk runs, and again after the USB key is unplugged or SealDesk restarts. The PIN is never stored on this computer.</translation>
    </message>
    <message>
        <source>输入 PIN 码</source>
        <comment>gui.pin_title</comment>
        <translation>Enter PIN</translation>
    </message>
    <message>
        <source>请先把印章拖到页面上（或勾选骑缝章）。</source>
        <comment>gui.place_first</comment>
        <translation>Drag a seal onto a page first (or tick the cross-page seal).</translation>
    </message>
    <message>
        <source>公务人员须先由所属单位在【人员管理】中添加，方可使用账号登录。无密码请使用短信验证码登录；忘记密码可找回。</source>
        <comment>gui.platform_account_note</comment>
        <translation>A civil servant logs in with an account once their unit has added them under People. No password yet: use an SMS code; a forgotten one can be reset.</translation>
    </message>
    <message>
        <source>添加部门</source>
        <comment>gui.platform_add_department</comment>
        <translation>Add department</translation>
    </message>
    <message>
        <source>添加人员</source>
        <comment>gui.platform_add_person</comment>
        <translation>Add person</translation>
    </message>
    <message>
        <source>全部部门</source>
        <comment>gui.platform_all_departments</comment>
        <translation>All departments</translation>
    </message>
    <message>
        <source>全部字母</source>
        <comment>gui.platform_all_letters</comment>
        <translation>Any letter</translation>
    </message>
    <message>
        <source>操作日志</source>
        <comment>gui.platform_audit</comment>
        <translation>Operation log</translation>
    </message>
    <message>
        <source>显示 {count} 条（本机保存最近 {kept} 条，离线时也可查看）</source>
        <comment>gui.platform_audit_count</comment>
        <translation>{count} shown ({kept} kept here, readable offline)</translation>
    </message>
    <message>
        <source>只有审计员和超级管理员可以查看操作日志。您的角色：{roles}。</source>
        <comment>gui.platform_audit_denied</comment>
        <translation>Only auditors and the super administrator read the operation log. Your roles: {roles}.</translation>
    </message>
    <message>
        <source>返回登录</source>
        <comment>gui.platform_back_to_login</comment>
        <translation>Back to login</translation>
    </message>
    <message>
        <source>不再等待平台的回答（已发出的请求可能已在平台上完成，下次同步可见）</source>
        <comment>gui.platform_cancel_hint</comment>
        <translation>Stop waiting for the platform (a request already sent may be done there; the next sync shows it)</translation>
    </message>
    <message>
        <source>已取消等待。已发出的请求可能已在平台上完成，请稍后点击【同步】查看。</source>
        <comment>gui.platform_cancelled</comment>
        <translation>Stopped waiting. A request already sent may be done on the platform: press Sync later.</translation>
    </message>
    <message>
        <source>图形验证码</source>
        <comment>gui.platform_captcha</comment>
        <translation>Picture code</translation>
    </message>
    <message>
        <source>图中字符，不区分大小写</source>
        <comment>gui.platform_captcha_hint</comment>
        <translation>The characters shown, any case</translation>
    </message>
    <message>
        <source>看不清？换一张</source>
        <comment>gui.platform_captcha_refresh</comment>
        <translation>Hard to read? Another one</translation>
    </message>
    <message>
        <source>我已阅读并同意《数字证书订户协议》</source>
        <comment>gui.platform_cert_agree</comment>
        <translation>I have read and accept the certificate subscriber agreement</translation>
    </message>
    <message>
        <source>申请数字证书</source>
        <comment>gui.platform_cert_apply</comment>
        <translation>Request the certificate</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <comment>gui.platform_cert_code</comment>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>只有超级管理员和系统管理员可以查看和申请数字证书。您的角色：{roles}。</source>
        <comment>gui.platform_cert_denied</comment>
        <translation>Only the super administrator and system administrators see and request the certificate. Your roles: {roles}.</translation>
    </message>
    <message>
        <source>邮箱</source>
        <comment>gui.platform_cert_email</comment>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>18 位居民身份证号</source>
        <comment>gui.platform_cert_id_hint</comment>
        <translation>18-character ID number</translation>
    </message>
    <message>
        <source>申请须由本单位的 UKey 签名：请插入主UKey 或白名单中的 UKey。</source>
        <comment>gui.platform_cert_key_needed</comment>
        <translation>The request is signed by a key of the unit: plug in the main key or a whitelisted one.</translation>
    </message>
    <message>
        <source>使用电子签章平台签署文件前，请填写以下信息完成数字证书申请</source>
        <comment>gui.platform_cert_lead</comment>
        <translation>Before signing on the e-seal platform, fill in the following to request the certificate</translation>
    </message>
    <message>
        <source>经办人</source>
        <comment>gui.platform_cert_name</comment>
        <translation>Handler</translation>
    </message>
    <message>
        <source>请输入经办人姓名</source>
        <comment>gui.platform_cert_name_hint</comment>
        <translation>The handler's name</translation>
    </message>
    <message>
        <source>本单位尚未申请数字证书：申请后才能申请印章、签署文件。</source>
        <comment>gui.platform_cert_none_note</comment>
        <translation>This unit has not requested its certificate: seals and signing need it first.</translation>
    </message>
    <message>
        <source>单位名称</source>
        <comment>gui.platform_cert_unit</comment>
        <translation>Unit</translation>
    </message>
    <message>
        <source>尚未读取：连接平台后显示。</source>
        <comment>gui.platform_cert_unknown</comment>
        <translation>Not read yet: shown once the platform is reachable.</translation>
    </message>
    <message>
        <source>数字证书</source>
        <comment>gui.platform_certificate</comment>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>短信验证码</source>
        <comment>gui.platform_code</comment>
        <translation>SMS code</translation>
    </message>
    <message>
        <source>6 位数字</source>
        <comment>gui.platform_code_hint</comment>
        <translation>6 digits</translation>
    </message>
    <message>
        <source>验证码已发送至 {phone}，{minutes} 分钟内有效。</source>
        <comment>gui.platform_code_sent</comment>
        <translation>A code was sent to {phone}; it is valid for {minutes} minutes.</translation>
    </message>
    <message>
        <source>操作</source>
        <comment>gui.platform_col_action</comment>
        <translation>Action</translation>
    </message>
    <message>
        <source>操作人</source>
        <comment>gui.platform_col_actor</comment>
        <translation>Who</translation>
    </message>
    <message>
        <source>客户端地址</source>
        <comment>gui.platform_col_client</comment>
        <translation>Client address</translation>
    </message>
    <message>
        <source>部门</source>
        <comment>gui.platform_col_department</comment>
        <translation>Department</translation>
    </message>
    <message>
        <source>通用实体唯一标识</source>
        <comment>gui.platform_col_entity</comment>
        <translation>Entity id</translation>
    </message>
    <message>
        <source>使用人</source>
        <comment>gui.platform_col_holder</comment>
        <translation>Used by</translation>
    </message>
    <message>
        <source>身份证号</source>
        <comment>gui.platform_col_id</comment>
        <translation>ID number</translation>
    </message>
    <message>
        <source>备注</source>
        <comment>gui.platform_col_label</comment>
        <translation>Note</translation>
    </message>
    <message>
        <source>成员</source>
        <comment>gui.platform_col_members</comment>
        <translation>Members</translation>
    </message>
    <message>
        <source>真实姓名</source>
        <comment>gui.platform_col_name</comment>
        <translation>Name</translation>
    </message>
    <message>
        <source>手机号</source>
        <comment>gui.platform_col_phone</comment>
        <translation>Phone</translation>
    </message>
    <message>
        <source>结果</source>
        <comment>gui.platform_col_result</comment>
        <translation>Result</translation>
    </message>
    <message>
        <source>角色</source>
        <comment>gui.platform_col_role</comment>
        <translation>Role</translation>
    </message>
    <message>
        <source>人员权限</source>
        <comment>gui.platform_col_roles</comment>
        <translation>Roles</translation>
    </message>
    <message>
        <source>状态</source>
        <comment>gui.platform_col_state</comment>
        <translation>State</translation>
    </message>
    <message>
        <source>对象</source>
        <comment>gui.platform_col_target</comment>
        <translation>Target</translation>
    </message>
    <message>
        <source>时间</source>
        <comment>gui.platform_col_time</comment>
        <translation>Time</translation>
    </message>
    <message>
        <source>共 {count} 人，在职 {active} 人</source>
        <comment>gui.platform_count</comment>
        <translation>{count} people, {active} in service</translation>
    </message>
    <message>
        <source>已添加部门 {name}。</source>
        <comment>gui.platform_department_added</comment>
        <translation>Department {name} added.</translation>
    </message>
    <message>
        <source>部门名称</source>
        <comment>gui.platform_department_name</comment>
        <translation>Department name</translation>
    </message>
    <message>
        <source>删除部门后，其成员移至“未加入部门”。每个单位最多 50 个部门。</source>
        <comment>gui.platform_department_note</comment>
        <translation>A deleted department's members move to 'No department'. A unit has at most 50.</translation>
    </message>
    <message>
        <source>已删除部门 {name}。</source>
        <comment>gui.platform_department_removed</comment>
        <translation>Department {name} deleted.</translation>
    </message>
    <message>
        <source>部门管理</source>
        <comment>gui.platform_departments</comment>
        <translation>Departments</translation>
    </message>
    <message>
        <source>编辑</source>
        <comment>gui.platform_edit</comment>
        <translation>Edit</translation>
    </message>
    <message>
        <source>编辑人员</source>
        <comment>gui.platform_edit_person</comment>
        <translation>Edit person</translation>
    </message>
    <message>
        <source>UKey 的通用实体唯一标识（证书助手中可查看）</source>
        <comment>gui.platform_entity_hint</comment>
        <translation>The key's entity id (shown by the certificate assistant)</translation>
    </message>
    <message>
        <source>忘记密码？</source>
        <comment>gui.platform_forgot</comment>
        <translation>Forgot the password?</translation>
    </message>
    <message>
        <source>单位 UKey 用户</source>
        <comment>gui.platform_holder_default</comment>
        <translation>The unit's key holder</translation>
    </message>
    <message>
        <source>18 位，可不填</source>
        <comment>gui.platform_id_hint</comment>
        <translation>18 characters, optional</translation>
    </message>
    <message>
        <source>在职</source>
        <comment>gui.platform_in</comment>
        <translation>In service</translation>
    </message>
    <message>
        <source>上次同步：{time}</source>
        <comment>gui.platform_last_sync</comment>
        <translation>Last sync: {time}</translation>
    </message>
    <message>
        <source>字母</source>
        <comment>gui.platform_letter</comment>
        <translation>Letter</translation>
    </message>
    <message>
        <source>正在读取本机数据…</source>
        <comment>gui.platform_loading</comment>
        <translation>Reading the local copy…</translation>
    </message>
    <message>
        <source>已退出登录。您有 {count} 项修改尚未发送，仍保存在本机，您再次登录后自动发送。</source>
        <comment>gui.platform_logged_out_kept</comment>
        <translation>Logged out. {count} change(s) of yours not yet sent stay here and are sent when you log in again.</translation>
    </message>
    <message>
        <source>正在退出登录…</source>
        <comment>gui.platform_logging_out</comment>
        <translation>Logging out…</translation>
    </message>
    <message>
        <source>登录</source>
        <comment>gui.platform_login_account</comment>
        <translation>Log in</translation>
    </message>
    <message>
        <source>登录电子印章平台</source>
        <comment>gui.platform_login_title</comment>
        <translation>Log in to the e-seal platform</translation>
    </message>
    <message>
        <source>UKey 登录</source>
        <comment>gui.platform_login_ukey</comment>
        <translation>Log in with the key</translation>
    </message>
    <message>
        <source>退出登录</source>
        <comment>gui.platform_logout</comment>
        <translation>Log out</translation>
    </message>
    <message>
        <source>公务人员：在职人员都有（查看和搜索人员、部门、角色）。</source>
        <comment>gui.platform_member_fixed</comment>
        <translation>Civil servant: everyone in service (view and search people, departments, roles).</translation>
    </message>
    <message>
        <source>从未同步</source>
        <comment>gui.platform_never</comment>
        <translation>never</translation>
    </message>
    <message>
        <source>新密码</source>
        <comment>gui.platform_new_password</comment>
        <translation>New password</translation>
    </message>
    <message>
        <source>未加入部门</source>
        <comment>gui.platform_no_department</comment>
        <translation>No department</translation>
    </message>
    <message>
        <source>⚠ 离线：无法连接平台服务器 {url}。以下为本机保存的数据，只能查看，不能修改（上次同步：{last}）。网络恢复后请点击【同步】。</source>
        <comment>gui.platform_offline</comment>
        <translation>⚠ Offline: the platform server {url} cannot be reached. This is the copy kept here, read-only (last sync: {last}). Press Sync once the network is back.</translation>
    </message>
    <message>
        <source>{time} 无法连接平台服务器：显示的是本机数据（只读）。</source>
        <comment>gui.platform_offline_short</comment>
        <translation>{time}: the platform server cannot be reached; showing the local copy (read-only).</translation>
    </message>
    <message>
        <source>成功</source>
        <comment>gui.platform_ok</comment>
        <translation>done</translation>
    </message>
    <message>
        <source>本机有 {count} 项修改待同步</source>
        <comment>gui.platform_outbox</comment>
        <translation>{count} change(s) here wait to be synced</translation>
    </message>
    <message>
        <source>另有 {count} 项他人的修改，待其本人登录后同步</source>
        <comment>gui.platform_outbox_others</comment>
        <translation>{count} change(s) by someone else wait for them to log in</translation>
    </message>
    <message>
        <source>{count} 项修改未记录作者，待认领（sealdesk platform outbox）</source>
        <comment>gui.platform_outbox_unclaimed</comment>
        <translation>{count} change(s) with no author wait to be claimed (sealdesk platform outbox)</translation>
    </message>
    <message>
        <source>密码</source>
        <comment>gui.platform_password</comment>
        <translation>Password</translation>
    </message>
    <message>
        <source>两次输入的密码不一致。</source>
        <comment>gui.platform_password_mismatch</comment>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>密码已重设，请用新密码登录。用旧密码登录的会话已结束。</source>
        <comment>gui.platform_password_reset_done</comment>
        <translation>The password is reset: log in with the new one. Sessions of the old password ended.</translation>
    </message>
    <message>
        <source>登录密码已设置。</source>
        <comment>gui.platform_password_set</comment>
        <translation>The login password is set.</translation>
    </message>
    <message>
        <source>人员管理</source>
        <comment>gui.platform_people</comment>
        <translation>People</translation>
    </message>
    <message>
        <source>只有单位 UKey 用户或公务人员管理员可以添加、编辑、移除人员；您可以查看和搜索。</source>
        <comment>gui.platform_people_ro</comment>
        <translation>Only the unit's key holder or a people administrator adds, edits and removes people; you may view and search.</translation>
    </message>
    <message>
        <source>已保存 {name}。</source>
        <comment>gui.platform_person_saved</comment>
        <translation>{name} saved.</translation>
    </message>
    <message>
        <source>手机号</source>
        <comment>gui.platform_phone</comment>
        <translation>Phone</translation>
    </message>
    <message>
        <source>11 位手机号</source>
        <comment>gui.platform_phone_hint</comment>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <source>重新加入</source>
        <comment>gui.platform_readd</comment>
        <translation>Add again</translation>
    </message>
    <message>
        <source>{name} 已重新加入。</source>
        <comment>gui.platform_readded</comment>
        <translation>{name} is back in service.</translation>
    </message>
    <message>
        <source>正在读取操作日志…</source>
        <comment>gui.platform_reading_audit</comment>
        <translation>Reading the operation log…</translation>
    </message>
    <message>
        <source>正在读取数字证书…</source>
        <comment>gui.platform_reading_cert</comment>
        <translation>Reading the certificate…</translation>
    </message>
    <message>
        <source>刷新</source>
        <comment>gui.platform_refresh</comment>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>✗ 拒绝（{kind}）</source>
        <comment>gui.platform_refused</comment>
        <translation>✗ refused ({kind})</translation>
    </message>
    <message>
        <source>移除</source>
        <comment>gui.platform_remove</comment>
        <translation>Remove</translation>
    </message>
    <message>
        <source>确定移除 {name}？移除后该人员不能再登录，所有权限同时被移除；之后可以重新加入。</source>
        <comment>gui.platform_remove_confirm</comment>
        <translation>Remove {name}? They can no longer log in and lose every role; they can be added again later.</translation>
    </message>
    <message>
        <source>删除部门</source>
        <comment>gui.platform_remove_department</comment>
        <translation>Delete department</translation>
    </message>
    <message>
        <source>正在申请数字证书…</source>
        <comment>gui.platform_requesting_cert</comment>
        <translation>Requesting the certificate…</translation>
    </message>
    <message>
        <source>找回密码</source>
        <comment>gui.platform_reset</comment>
        <translation>Reset the password</translation>
    </message>
    <message>
        <source>正在重设密码…</source>
        <comment>gui.platform_resetting</comment>
        <translation>Resetting the password…</translation>
    </message>
    <message>
        <source>{duty}。平台权限：{rights}</source>
        <comment>gui.platform_role_rights</comment>
        <translation>{duty}. On the platform: {rights}</translation>
    </message>
    <message>
        <source>角色管理</source>
        <comment>gui.platform_roles</comment>
        <translation>Roles</translation>
    </message>
    <message>
        <source>{name} 的角色</source>
        <comment>gui.platform_roles_of</comment>
        <translation>Roles of {name}</translation>
    </message>
    <message>
        <source>只有超级管理员或系统管理员可以分配角色；您可以查看。</source>
        <comment>gui.platform_roles_ro</comment>
        <translation>Only the super administrator or a system administrator gives roles; you may view them.</translation>
    </message>
    <message>
        <source>已保存 {name} 的角色。</source>
        <comment>gui.platform_roles_saved</comment>
        <translation>Roles of {name} saved.</translation>
    </message>
    <message>
        <source>正在保存到平台…</source>
        <comment>gui.platform_saving</comment>
        <translation>Saving to the platform…</translation>
    </message>
    <message>
        <source>全部状态</source>
        <comment>gui.platform_seal_all_states</comment>
        <translation>All states</translation>
    </message>
    <message>
        <source>全部类型</source>
        <comment>gui.platform_seal_all_types</comment>
        <translation>All types</translation>
    </message>
    <message>
        <source>申请印章…</source>
        <comment>gui.platform_seal_apply</comment>
        <translation>Apply for a seal…</translation>
    </message>
    <message>
        <source>申请电子印章</source>
        <comment>gui.platform_seal_apply_title</comment>
        <translation>Apply for an electronic seal</translation>
    </message>
    <message>
        <source>正在提交印章申请…</source>
        <comment>gui.platform_seal_applying</comment>
        <translation>Applying for the seal…</translation>
    </message>
    <message>
        <source>平台拒绝：本单位尚未申请数字证书，申请后才能申请印章。请超级管理员或系统管理员先申请数字证书。</source>
        <comment>gui.platform_seal_cert_ask</comment>
        <translation>Refused by the platform: the unit has not requested its certificate, which seals need first. Ask the super administrator or a system administrator to request it.</translation>
    </message>
    <message>
        <source>数字证书已申请：点击【提交申请】提交印章申请。</source>
        <comment>gui.platform_seal_cert_done</comment>
        <translation>The certificate is requested: press Apply to send the application.</translation>
    </message>
    <message>
        <source>平台拒绝：本单位尚未申请数字证书，申请后才能申请印章。请先点击【申请数字证书…】，再点击【提交申请】。</source>
        <comment>gui.platform_seal_cert_needed</comment>
        <translation>Refused by the platform: the unit has not requested its certificate, which seals need first. Press Request the certificate…, then Apply again.</translation>
    </message>
    <message>
        <source>选择一个印章申请</source>
        <comment>gui.platform_seal_choose</comment>
        <translation>Choose an application</translation>
    </message>
    <message>
        <source>选择印章图片</source>
        <comment>gui.platform_seal_choose_picture</comment>
        <translation>Choose the seal's image</translation>
    </message>
    <message>
        <source>申请时间</source>
        <comment>gui.platform_seal_col_applied</comment>
        <translation>Applied</translation>
    </message>
    <message>
        <source>共 {count} 个印章申请</source>
        <comment>gui.platform_seal_count</comment>
        <translation>{count} seal applications</translation>
    </message>
    <message>
        <source>只有超级管理员、系统管理员、印章管理员和印章制作员可以申请和查看印章。您的角色：{roles}。</source>
        <comment>gui.platform_seal_denied</comment>
        <translation>Only the super administrator, system administrators, seal administrators and seal makers apply for and see seals. Your roles: {roles}.</translation>
    </message>
    <message>
        <source>印章申请详情</source>
        <comment>gui.platform_seal_details</comment>
        <translation>The application</translation>
    </message>
    <message>
        <source>正在下载并检查印章…</source>
        <comment>gui.platform_seal_downloading</comment>
        <translation>Downloading and checking the seal…</translation>
    </message>
    <message>
        <source>冻结</source>
        <comment>gui.platform_seal_freeze</comment>
        <translation>Freeze</translation>
    </message>
    <message>
        <source>冻结后印章不能写入 UKey，解冻后恢复。</source>
        <comment>gui.platform_seal_freeze_hint</comment>
        <translation>A frozen seal is not written into a key until it is unfrozen.</translation>
    </message>
    <message>
        <source>正在冻结…</source>
        <comment>gui.platform_seal_freezing</comment>
        <translation>Freezing…</translation>
    </message>
    <message>
        <source>已冻结印章“{name}”：解冻前不能写入 UKey。</source>
        <comment>gui.platform_seal_frozen</comment>
        <translation>Froze the seal '{name}': it is not written into a key until unfrozen.</translation>
    </message>
    <message>
        <source>自动生成</source>
        <comment>gui.platform_seal_generate</comment>
        <translation>Generate</translation>
    </message>
    <message>
        <source>自动生成：{style}（平台按本单位名称绘制）</source>
        <comment>gui.platform_seal_generated</comment>
        <translation>Generated: {style} (the platform draws it with the unit's name)</translation>
    </message>
    <message>
        <source>正在生成印章图片…</source>
        <comment>gui.platform_seal_generating</comment>
        <translation>Drawing the seal…</translation>
    </message>
    <message>
        <source>经办人身份证号</source>
        <comment>gui.platform_seal_handler_id</comment>
        <translation>Handler's ID number</translation>
    </message>
    <message>
        <source>经办人姓名</source>
        <comment>gui.platform_seal_handler_name</comment>
        <translation>Handler's name</translation>
    </message>
    <message>
        <source>经办人手机号</source>
        <comment>gui.platform_seal_handler_phone</comment>
        <translation>Handler's mobile</translation>
    </message>
    <message>
        <source>编号</source>
        <comment>gui.platform_seal_id</comment>
        <translation>Id</translation>
    </message>
    <message>
        <source>{name}（{type}，{kb} KB）</source>
        <comment>gui.platform_seal_image_line</comment>
        <translation>{name} ({type}, {kb} KB)</translation>
    </message>
    <message>
        <source>USB KEY 印章的申请须以单位 UKey 签名：请插入主UKey 或白名单中的 UKey。</source>
        <comment>gui.platform_seal_key_needed</comment>
        <translation>A USB key seal's application is signed by a key of the unit: plug in the main key or a whitelisted one.</translation>
    </message>
    <message>
        <source>印章图片可上传本地图片（jpg、jpeg、png、gif），或按本单位名称自动生成。提交后状态为【待审核】，CA 客服审核通过后方可使用。</source>
        <comment>gui.platform_seal_lead</comment>
        <translation>Upload the seal's image (jpg, jpeg, png, gif) or generate one with the unit's name. The application then waits for the CA's review; the seal is usable once approved.</translation>
    </message>
    <message>
        <source>正在读取图片…</source>
        <comment>gui.platform_seal_loading</comment>
        <translation>Reading the image…</translation>
    </message>
    <message>
        <source>正在读取并检查：{name}（可随时改选其他图片）</source>
        <comment>gui.platform_seal_loading_file</comment>
        <translation>Reading and checking {name} (you may choose another image meanwhile)</translation>
    </message>
    <message>
        <source>毫米（宽×高，默认 42×42）</source>
        <comment>gui.platform_seal_mm</comment>
        <translation>mm (W×H, 42×42 by default)</translation>
    </message>
    <message>
        <source>未检测到 UKey：请插入申请该印章的 UKey 后重试。</source>
        <comment>gui.platform_seal_no_key</comment>
        <translation>No key detected: plug in the key that applied for this seal and try again.</translation>
    </message>
    <message>
        <source>上传本地图片，或选择样式后点击【自动生成】。</source>
        <comment>gui.platform_seal_no_picture</comment>
        <translation>Upload an image, or choose a style and press Generate.</translation>
    </message>
    <message>
        <source>无图片</source>
        <comment>gui.platform_seal_no_preview</comment>
        <translation>No image</translation>
    </message>
    <message>
        <source>无法连接平台（{url}）：印章申请只保存在平台上，连上平台后点击【刷新】查看。</source>
        <comment>gui.platform_seal_offline</comment>
        <translation>The platform ({url}) cannot be reached: seal applications are kept on the platform only; press Refresh once it is reachable.</translation>
    </message>
    <message>
        <source>离线时不能申请印章：申请不会在本机排队，请连上平台后再申请。</source>
        <comment>gui.platform_seal_offline_apply</comment>
        <translation>Offline: a seal application is not queued here; apply once the platform is reachable.</translation>
    </message>
    <message>
        <source>请上传印章图片，或选择样式后自动生成。</source>
        <comment>gui.platform_seal_pick_picture</comment>
        <translation>Upload the seal's image, or choose a style and generate it.</translation>
    </message>
    <message>
        <source>正在读取印章申请…</source>
        <comment>gui.platform_seal_reading</comment>
        <translation>Reading the seal applications…</translation>
    </message>
    <message>
        <source>正在读取印章图片…</source>
        <comment>gui.platform_seal_reading_one</comment>
        <translation>Reading the seal's image…</translation>
    </message>
    <message>
        <source>回执…</source>
        <comment>gui.platform_seal_receipt</comment>
        <translation>Receipt…</translation>
    </message>
    <message>
        <source>以申请该印章的 UKey 签收平台已审核通过的印章（须输入 PIN），回执后印章有效。</source>
        <comment>gui.platform_seal_receipt_hint</comment>
        <translation>Take the seal the CA approved with the key that applied for it (its PIN); it is valid after the receipt.</translation>
    </message>
    <message>
        <source>印章回执</source>
        <comment>gui.platform_seal_receipt_title</comment>
        <translation>Seal receipt</translation>
    </message>
    <message>
        <source>已回执：印章“{name}”现已有效，至 {valid_to}。点击【写入UKey…】将其写入 UKey。</source>
        <comment>gui.platform_seal_receipted</comment>
        <translation>Receipt done: the seal '{name}' is valid until {valid_to}. Press Write into key… to put it into the key.</translation>
    </message>
    <message>
        <source>正在回执…</source>
        <comment>gui.platform_seal_receipting</comment>
        <translation>Sending the receipt…</translation>
    </message>
    <message>
        <source>注销…</source>
        <comment>gui.platform_seal_revoke</comment>
        <translation>Revoke…</translation>
    </message>
    <message>
        <source>确定注销印章“{name}”（{type}，{size}）吗？

注销不可撤销：印章将变为已注销，不能再写入 UKey；已写入 UKey 的副本不会自动删除（可在【首页】删除）。</source>
        <comment>gui.platform_seal_revoke_confirm</comment>
        <translation>Revoke the seal '{name}' ({type}, {size})?

This cannot be undone: the seal becomes revoked and is no longer written into a key; a copy already in a key stays there (delete it on the Home page).</translation>
    </message>
    <message>
        <source>注销后印章失效，不可撤销；已写入 UKey 的副本不会自动删除。</source>
        <comment>gui.platform_seal_revoke_hint</comment>
        <translation>A revoked seal is no longer valid, for good; a copy written into a key stays there.</translation>
    </message>
    <message>
        <source>已注销印章“{name}”；已写入 UKey 的副本不会自动删除（可在【首页】删除）。</source>
        <comment>gui.platform_seal_revoked</comment>
        <translation>Revoked the seal '{name}'; a copy written into a key stays there (delete it on the Home page).</translation>
    </message>
    <message>
        <source>正在注销…</source>
        <comment>gui.platform_seal_revoking</comment>
        <translation>Revoking…</translation>
    </message>
    <message>
        <source>按印章名称查找</source>
        <comment>gui.platform_seal_search</comment>
        <translation>Search by the seal's name</translation>
    </message>
    <message>
        <source>样式</source>
        <comment>gui.platform_seal_style</comment>
        <translation>Style</translation>
    </message>
    <message>
        <source>普通公章</source>
        <comment>gui.platform_seal_style_official</comment>
        <translation>Official seal</translation>
    </message>
    <message>
        <source>党纪委公章</source>
        <comment>gui.platform_seal_style_party</comment>
        <translation>Party discipline seal</translation>
    </message>
    <message>
        <source>工会公章</source>
        <comment>gui.platform_seal_style_union</comment>
        <translation>Trade union seal</translation>
    </message>
    <message>
        <source>共青团章</source>
        <comment>gui.platform_seal_style_youth</comment>
        <translation>Youth League seal</translation>
    </message>
    <message>
        <source>提交申请</source>
        <comment>gui.platform_seal_submit</comment>
        <translation>Apply</translation>
    </message>
    <message>
        <source>USB KEY 印章只能由单位 UKey 用户（超级管理员）申请，并以单位 UKey 签名；您可以申请云端印章。</source>
        <comment>gui.platform_seal_ukey_only</comment>
        <translation>Only the unit's UKey user (the super administrator) applies for a USB key seal, signed with the unit's key; you may apply for a cloud seal.</translation>
    </message>
    <message>
        <source>解冻</source>
        <comment>gui.platform_seal_unfreeze</comment>
        <translation>Unfreeze</translation>
    </message>
    <message>
        <source>正在解冻…</source>
        <comment>gui.platform_seal_unfreezing</comment>
        <translation>Unfreezing…</translation>
    </message>
    <message>
        <source>无法连接平台（{url}）：印章申请没有提交（不会离线排队）；连上平台后再点击【提交申请】。</source>
        <comment>gui.platform_seal_unreachable</comment>
        <translation>The platform ({url}) cannot be reached: the application was not sent (nothing is queued offline); press Apply again once it is reachable.</translation>
    </message>
    <message>
        <source>上传图片…</source>
        <comment>gui.platform_seal_upload</comment>
        <translation>Upload an image…</translation>
    </message>
    <message>
        <source>上传：{name}（{type}，{kb} KB）</source>
        <comment>gui.platform_seal_uploaded</comment>
        <translation>Upload: {name} ({type}, {kb} KB)</translation>
    </message>
    <message>
        <source>写入UKey…</source>
        <comment>gui.platform_seal_write</comment>
        <translation>Write into key…</translation>
    </message>
    <message>
        <source>从平台下载并检查该印章，输入 PIN 后写入插入的 UKey。</source>
        <comment>gui.platform_seal_write_hint</comment>
        <translation>Download and check the seal from the platform, then write it into the key in the reader with its PIN.</translation>
    </message>
    <message>
        <source>写入UKey</source>
        <comment>gui.platform_seal_write_title</comment>
        <translation>Write into key</translation>
    </message>
    <message>
        <source>正在写入UKey…</source>
        <comment>gui.platform_seal_writing</comment>
        <translation>Writing into the key…</translation>
    </message>
    <message>
        <source>已写入UKey：{label}（【印章】与【首页】页可见，签署时可选用）。</source>
        <comment>gui.platform_seal_written</comment>
        <translation>Written into the key: {label} (shown on the Seals and Home pages, ready to sign with).</translation>
    </message>
    <message>
        <source>印章</source>
        <comment>gui.platform_seals</comment>
        <translation>Seals</translation>
    </message>
    <message>
        <source>按操作人、操作或对象查找</source>
        <comment>gui.platform_search_audit</comment>
        <translation>Search by who, action or target</translation>
    </message>
    <message>
        <source>按姓名、手机号或姓名首字母查找</source>
        <comment>gui.platform_search_people</comment>
        <translation>Search by name, phone or the name's initials</translation>
    </message>
    <message>
        <source>重新获取（{seconds} 秒）</source>
        <comment>gui.platform_send_again</comment>
        <translation>Send again ({seconds} s)</translation>
    </message>
    <message>
        <source>获取验证码</source>
        <comment>gui.platform_send_code</comment>
        <translation>Send code</translation>
    </message>
    <message>
        <source>正在发送验证码…</source>
        <comment>gui.platform_sending_code</comment>
        <translation>Sending the code…</translation>
    </message>
    <message>
        <source>平台地址</source>
        <comment>gui.platform_server</comment>
        <translation>Platform address</translation>
    </message>
    <message>
        <source>登录已失效，请重新登录。</source>
        <comment>gui.platform_session_ended</comment>
        <translation>The session has ended: please log in again.</translation>
    </message>
    <message>
        <source>设置登录密码</source>
        <comment>gui.platform_set_password</comment>
        <translation>Set a login password</translation>
    </message>
    <message>
        <source>您还没有登录密码。设置后可用手机号和密码登录（8–20 位，至少包含字母、数字、符号中的两种）；也可跳过，下次仍可用短信验证码登录。</source>
        <comment>gui.platform_set_password_lead</comment>
        <translation>You have no login password yet. With one you log in by phone and password (8–20 characters, two of letters, digits, symbols); skip, and log in by SMS code next time.</translation>
    </message>
    <message>
        <source>正在连接平台…</source>
        <comment>gui.platform_stage_challenge</comment>
        <translation>Reaching the platform…</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <comment>gui.platform_stage_login</comment>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>正在用 USB Key 签名…</source>
        <comment>gui.platform_stage_signing</comment>
        <translation>Signing with the USB key…</translation>
    </message>
    <message>
        <source>正在同步单位数据…</source>
        <comment>gui.platform_stage_sync</comment>
        <translation>Syncing the unit's data…</translation>
    </message>
    <message>
        <source>在职</source>
        <comment>gui.platform_state_active</comment>
        <translation>In service</translation>
    </message>
    <message>
        <source>全部状态</source>
        <comment>gui.platform_state_all</comment>
        <translation>Any state</translation>
    </message>
    <message>
        <source>离职</source>
        <comment>gui.platform_state_left</comment>
        <translation>Left</translation>
    </message>
    <message>
        <source>超级管理员（单位 UKey 用户）：始终拥有单位的全部权限，不可移除。</source>
        <comment>gui.platform_super_admin_fixed</comment>
        <translation>Super administrator (the unit's key holder): every right of the unit, for good.</translation>
    </message>
    <message>
        <source>同步</source>
        <comment>gui.platform_sync</comment>
        <translation>Sync</translation>
    </message>
    <message>
        <source>发送本机的修改，并获取平台上的最新数据</source>
        <comment>gui.platform_sync_hint</comment>
        <translation>Send the changes made here and fetch the platform's latest data</translation>
    </message>
    <message>
        <source>正在同步…</source>
        <comment>gui.platform_syncing</comment>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>账号登录</source>
        <comment>gui.platform_tab_account</comment>
        <translation>Account</translation>
    </message>
    <message>
        <source>USBKey 登录</source>
        <comment>gui.platform_tab_ukey</comment>
        <translation>USB key</translation>
    </message>
    <message>
        <source>委办单位使用单位 UKey 登录：平台发来的随机数由 USB Key 签名，需要输入 PIN 码。单位的第一把 UKey 为超级管理员和主UKey，其他 UKey 须先加入白名单。</source>
        <comment>gui.platform_ukey_hint</comment>
        <translation>A unit logs in with its USB key: the key signs the platform's random challenge, after the PIN. The unit's first key is the super administrator and main key; other keys must be on the whitelist first.</translation>
    </message>
    <message>
        <source>无法连接平台服务器 {url}，请检查地址和网络。</source>
        <comment>gui.platform_unreachable</comment>
        <translation>The platform server {url} cannot be reached: check the address and the network.</translation>
    </message>
    <message>
        <source>切换密码登录</source>
        <comment>gui.platform_use_password</comment>
        <translation>Use the password instead</translation>
    </message>
    <message>
        <source>切换验证码登录</source>
        <comment>gui.platform_use_sms</comment>
        <translation>Use an SMS code instead</translation>
    </message>
    <message>
        <source>白名单</source>
        <comment>gui.platform_whitelist</comment>
        <translation>Whitelist</translation>
    </message>
    <message>
        <source>添加</source>
        <comment>gui.platform_whitelist_add</comment>
        <translation>Add</translation>
    </message>
    <message>
        <source>确定将 {entity} 移出白名单？该 UKey 将不能再登录。</source>
        <comment>gui.platform_whitelist_confirm</comment>
        <translation>Remove {entity} from the whitelist? That key can no longer log in.</translation>
    </message>
    <message>
        <source>白名单只有超级管理员和系统管理员可以查看和管理。</source>
        <comment>gui.platform_whitelist_denied</comment>
        <translation>Only the super administrator and system administrators see and manage the whitelist.</translation>
    </message>
    <message>
        <source>设置主UKey 后，只有白名单中的单位 UKey 可以登录；主UKey 自动在白名单中，不能移出。</source>
        <comment>gui.platform_whitelist_note</comment>
        <translation>Only unit keys on the whitelist log in besides the main key, which is always on it.</translation>
    </message>
    <message>
        <source>移出白名单</source>
        <comment>gui.platform_whitelist_remove</comment>
        <translation>Remove from whitelist</translation>
    </message>
    <message>
        <source>{name}（{roles}）· {unit}  {code}</source>
        <comment>gui.platform_who</comment>
        <translation>{name} ({roles}) · {unit}  {code}</translation>
    </message>
    <message>
        <source>预览（实际大小）</source>
        <comment>gui.preview_true_size</comment>
        <translation>Preview (true size)</translation>
    </message>
    <message>
        <source>加盖防伪二维码</source>
        <comment>gui.qr</comment>
        <translation>Add an anti-counterfeit QR code</translation>
    </message>
    <message>
        <source>在最后一页左下角加盖可扫码核验的二维码（仅 PDF）。</source>
        <comment>gui.qr_hint</comment>
        <translation>A QR code to check the document, at the bottom left of the last page (PDF only).</translation>
    </message>
    <message>
        <source>二维码只加在 PDF 文件上；OFD 文件签署时不加二维码。</source>
        <comment>gui.qr_pdf_only</comment>
        <translation>The QR code is added to PDF files only; OFD files are signed without it.</translation>
    </message>
    <message>
        <source>删除…</source>
        <comment>gui.record_delete</comment>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>删除“{name}”的签署记录？可以同时把已签署的文件移到回收站。</source>
        <comment>gui.record_delete_ask</comment>
        <translation>Delete the record of '{name}'? The signed file can go to the trash as well.</translation>
    </message>
    <message>
        <source>已删除 {count} 条记录，文件保留在原处。</source>
        <comment>gui.record_deleted</comment>
        <translation>{count} record(s) deleted; the files stay.</translation>
    </message>
    <message>
        <source>已删除 {count} 条记录，文件已移到回收站。</source>
        <comment>gui.record_deleted_file</comment>
        <translation>{count} record(s) deleted; the files are in the trash.</translation>
    </message>
    <message>
        <source>只删除记录</source>
        <comment>gui.record_forget</comment>
        <translation>Record only</translation>
    </message>
    <message>
        <source>文件已不在原处：{path}</source>
        <comment>gui.record_missing</comment>
        <translation>The file is no longer there: {path}</translation>
    </message>
    <message>
        <source>删除记录并把文件移到回收站</source>
        <comment>gui.record_trash</comment>
        <translation>Record and file (to the trash)</translation>
    </message>
    <message>
        <source>无法把这些文件移到回收站，记录已保留：{path}</source>
        <comment>gui.record_trash_failed</comment>
        <translation>These files could not be moved to the trash; their records stay: {path}</translation>
    </message>
    <message>
        <source>还没有在本机签署过文件。</source>
        <comment>gui.records_empty</comment>
        <translation>No file has been signed on this computer yet.</translation>
    </message>
    <message>
        <source>按文件名称或签署人查找</source>
        <comment>gui.records_search</comment>
        <translation>Search by file name or signer</translation>
    </message>
    <message>
        <source>重做</source>
        <comment>gui.redo</comment>
        <translation>Redo</translation>
    </message>
    <message>
        <source>刷新</source>
        <comment>gui.refresh</comment>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>移除</source>
        <comment>gui.remove</comment>
        <translation>Remove</translation>
    </message>
    <message>
        <source>USB Key 中已有印章“{name}”。用新印章替换它吗？</source>
        <comment>gui.replace_seal</comment>
        <translation>The USB key already holds a seal named '{name}'. Replace it with the new one?</translation>
    </message>
    <message>
        <source>验证报告已保存：{path}</source>
        <comment>gui.report_saved</comment>
        <translation>Report saved: {path}</translation>
    </message>
    <message>
        <source>拖动右下角调整大小</source>
        <comment>gui.resize_hint</comment>
        <translation>drag the bottom-right corner to resize</translation>
    </message>
    <message>
        <source>语言在重新启动 SealDesk 后生效。</source>
        <comment>gui.restart_for_language</comment>
        <translation>The language applies when SealDesk starts again.</translation>
    </message>
    <message>
        <source>张三</source>
        <comment>gui.sample_person</comment>
        <translation>张三</translation>
    </message>
    <message>
        <source>合同专用章</source>
        <comment>gui.sample_text</comment>
        <translation>合同专用章</translation>
    </message>
    <message>
        <source>上海市示例科技有限公司</source>
        <comment>gui.sample_unit</comment>
        <translation>上海市示例科技有限公司</translation>
    </message>
    <message>
        <source>保存</source>
        <comment>gui.save</comment>
        <translation>Save</translation>
    </message>
    <message>
        <source>保存图片…</source>
        <comment>gui.save_image</comment>
        <translation>Save picture…</translation>
    </message>
    <message>
        <source>设置已保存。</source>
        <comment>gui.saved</comment>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <source>激活</source>
        <comment>gui.sb_activate</comment>
        <translation>Activate</translation>
    </message>
    <message>
        <source>激活授权…</source>
        <comment>gui.sb_activate_dots</comment>
        <translation>Activate…</translation>
    </message>
    <message>
        <source>{user}：{start} 至 {end}，{count} 次。请输入授权人告知的 6 位激活码（还可尝试 {left} 次）。</source>
        <comment>gui.sb_activate_hint</comment>
        <translation>{user}: {start} to {end}, {count} time(s). Type the 6-digit activation code the keeper gave you ({left} tries left).</translation>
    </message>
    <message>
        <source>{why} 平台已接受激活码：请在印章盒旁再次点击“激活授权…”。</source>
        <comment>gui.sb_activate_pending</comment>
        <translation>{why} The platform took the code: click “Activate…” again near the box.</translation>
    </message>
    <message>
        <source>激活预先授权 · {box}</source>
        <comment>gui.sb_activate_title</comment>
        <translation>Activate the pre-authorization · {box}</translation>
    </message>
    <message>
        <source>预先授权已激活，屏幕：{screen}</source>
        <comment>gui.sb_activated</comment>
        <translation>The pre-authorization is active; screen: {screen}</translation>
    </message>
    <message>
        <source>正在激活…</source>
        <comment>gui.sb_activating</comment>
        <translation>Activating…</translation>
    </message>
    <message>
        <source>激活码：{code}（告知使用人；输错 5 次失效）</source>
        <comment>gui.sb_activation_code</comment>
        <translation>Activation code: {code} (tell the person; 5 wrong tries and it is gone)</translation>
    </message>
    <message>
        <source>激活码</source>
        <comment>gui.sb_activation_code_field</comment>
        <translation>Activation code</translation>
    </message>
    <message>
        <source>6 位数字</source>
        <comment>gui.sb_activation_code_hint</comment>
        <translation>6 digits</translation>
    </message>
    <message>
        <source>添加附件…</source>
        <comment>gui.sb_add_attachment</comment>
        <translation>Add attachment…</translation>
    </message>
    <message>
        <source>添加图片…</source>
        <comment>gui.sb_add_image</comment>
        <translation>Add image…</translation>
    </message>
    <message>
        <source>已绑定为“{name}”</source>
        <comment>gui.sb_already_bound</comment>
        <translation>bound as “{name}”</translation>
    </message>
    <message>
        <source>已通过</source>
        <comment>gui.sb_app_approved</comment>
        <translation>approved</translation>
    </message>
    <message>
        <source>事由：{reason}</source>
        <comment>gui.sb_app_detail_reason</comment>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>申请详情</source>
        <comment>gui.sb_app_details</comment>
        <translation>Application details</translation>
    </message>
    <message>
        <source>申请的文件</source>
        <comment>gui.sb_app_files</comment>
        <translation>The application's files</translation>
    </message>
    <message>
        <source>已授权</source>
        <comment>gui.sb_app_granted</comment>
        <translation>granted</translation>
    </message>
    <message>
        <source>审批中</source>
        <comment>gui.sb_app_pending</comment>
        <translation>pending</translation>
    </message>
    <message>
        <source>已驳回</source>
        <comment>gui.sb_app_rejected</comment>
        <translation>rejected</translation>
    </message>
    <message>
        <source>待我审批</source>
        <comment>gui.sb_app_todo</comment>
        <translation>to decide</translation>
    </message>
    <message>
        <source>{who}：{reason}（{count} 次）</source>
        <comment>gui.sb_application_line</comment>
        <translation>{who}: {reason} ({count} time(s))</translation>
    </message>
    <message>
        <source>已提交用印申请：{reason}（{count} 次），等待审批。</source>
        <comment>gui.sb_applied</comment>
        <translation>Applied: {reason} ({count} time(s)), waiting for approval.</translation>
    </message>
    <message>
        <source>提交申请</source>
        <comment>gui.sb_apply</comment>
        <translation>Apply</translation>
    </message>
    <message>
        <source>申请用印…</source>
        <comment>gui.sb_apply_dots</comment>
        <translation>Apply…</translation>
    </message>
    <message>
        <source>申请由审批人审批，通过后由管章人或管理员下发授权。上一次授权要求强制上传记录而记录尚未全部上传时，平台不受理新的申请。</source>
        <comment>gui.sb_apply_hint</comment>
        <translation>The approvers decide; once approved, a keeper or an admin grants it. While the records of your last grant that forces record upload are not all uploaded, the platform takes no new application.</translation>
    </message>
    <message>
        <source>备注</source>
        <comment>gui.sb_apply_note</comment>
        <translation>Note</translation>
    </message>
    <message>
        <source>选填，最多 120 个字</source>
        <comment>gui.sb_apply_note_hint</comment>
        <translation>Optional, at most 120 characters</translation>
    </message>
    <message>
        <source>例如：采购合同盖章</source>
        <comment>gui.sb_apply_reason_hint</comment>
        <translation>e.g. Purchase contract</translation>
    </message>
    <message>
        <source>申请用印 · {box}</source>
        <comment>gui.sb_apply_title</comment>
        <translation>Apply to stamp · {box}</translation>
    </message>
    <message>
        <source>正在提交申请…</source>
        <comment>gui.sb_applying</comment>
        <translation>Applying…</translation>
    </message>
    <message>
        <source>通过</source>
        <comment>gui.sb_approve</comment>
        <translation>Approve</translation>
    </message>
    <message>
        <source>通过用印申请</source>
        <comment>gui.sb_approve_title</comment>
        <translation>Approve the application</translation>
    </message>
    <message>
        <source>区域</source>
        <comment>gui.sb_area</comment>
        <translation>Area</translation>
    </message>
    <message>
        <source>选填，最多 50 个字</source>
        <comment>gui.sb_area_hint</comment>
        <translation>Optional, at most 50 characters</translation>
    </message>
    <message>
        <source>附件 (*.pdf *.ofd *.doc *.docx *.xls *.xlsx *.ppt *.pptx *.wps *.et *.dps *.zip *.rar *.7z)</source>
        <comment>gui.sb_attachment_filter</comment>
        <translation>Attachments (*.pdf *.ofd *.doc *.docx *.xls *.xlsx *.ppt *.pptx *.wps *.et *.dps *.zip *.rar *.7z)</translation>
    </message>
    <message>
        <source>自动关机</source>
        <comment>gui.sb_auto_off</comment>
        <translation>Auto-off</translation>
    </message>
    <message>
        <source>背光时间</source>
        <comment>gui.sb_backlight</comment>
        <translation>Backlight</translation>
    </message>
    <message>
        <source>绑定</source>
        <comment>gui.sb_bind</comment>
        <translation>Bind</translation>
    </message>
    <message>
        <source>绑定印章盒…</source>
        <comment>gui.sb_bind_box</comment>
        <translation>Bind a box…</translation>
    </message>
    <message>
        <source>打开印章盒电源，靠近本机。扫描到的印章盒按信号强弱排列；选择一台，填写设备名称后绑定。</source>
        <comment>gui.sb_bind_hint</comment>
        <translation>Switch the box on, near this computer. The boxes heard are listed strongest first; choose one, name it and bind it.</translation>
    </message>
    <message>
        <source>绑定印章盒</source>
        <comment>gui.sb_bind_title</comment>
        <translation>Bind a seal box</translation>
    </message>
    <message>
        <source>正在绑定印章盒…</source>
        <comment>gui.sb_binding</comment>
        <translation>Binding the box…</translation>
    </message>
    <message>
        <source>已绑定印章盒 {name}（{model}），屏幕：{screen}</source>
        <comment>gui.sb_bound</comment>
        <translation>Bound seal box {name} ({model}); screen: {screen}</translation>
    </message>
    <message>
        <source>本设备授权：{lines}</source>
        <comment>gui.sb_box_grants</comment>
        <translation>This box's grants: {lines}</translation>
    </message>
    <message>
        <source>设备名称</source>
        <comment>gui.sb_box_name</comment>
        <translation>Name</translation>
    </message>
    <message>
        <source>例如：财务章</source>
        <comment>gui.sb_box_name_hint</comment>
        <translation>e.g. Finance seal</translation>
    </message>
    <message>
        <source>设备备注</source>
        <comment>gui.sb_box_note</comment>
        <translation>Note</translation>
    </message>
    <message>
        <source>选填，最多 100 个字</source>
        <comment>gui.sb_box_note_hint</comment>
        <translation>Optional, at most 100 characters</translation>
    </message>
    <message>
        <source>已取消：已取回的记录保存在本机，下次取回会接着进行。</source>
        <comment>gui.sb_cancelled</comment>
        <translation>Cancelled: what was fetched is kept here; the next fetch goes on from there.</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <comment>gui.sb_cancelling</comment>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>文件载体</source>
        <comment>gui.sb_carrier</comment>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>选填，例如：纸质、电子，最多 20 个字</source>
        <comment>gui.sb_carrier_hint</comment>
        <translation>Optional, e.g. paper, ≤ 20</translation>
    </message>
    <message>
        <source>授权结束后快速按压</source>
        <comment>gui.sb_cause_after_end</comment>
        <translation>quick press after the grant ended</translation>
    </message>
    <message>
        <source>绑定后第一次授权前按压</source>
        <comment>gui.sb_cause_before_first_grant</comment>
        <translation>pressed after binding, before the first grant</translation>
    </message>
    <message>
        <source>其他平台的指令</source>
        <comment>gui.sb_cause_command_foreign</comment>
        <translation>a foreign command</translation>
    </message>
    <message>
        <source>重放的指令</source>
        <comment>gui.sb_cause_command_replayed</comment>
        <translation>a replayed command</translation>
    </message>
    <message>
        <source>被篡改的指令</source>
        <comment>gui.sb_cause_command_tampered</comment>
        <translation>a tampered command</translation>
    </message>
    <message>
        <source>过期的授权</source>
        <comment>gui.sb_cause_grant_expired</comment>
        <translation>an expired grant</translation>
    </message>
    <message>
        <source>挂失锁定后按压</source>
        <comment>gui.sb_cause_locked</comment>
        <translation>pressed after lost-lock</translation>
    </message>
    <message>
        <source>关机时下发锁定，开机后按压</source>
        <comment>gui.sb_cause_locked_at_power_on</comment>
        <translation>locked while off, pressed at power-on</translation>
    </message>
    <message>
        <source>未进行授权</source>
        <comment>gui.sb_cause_no_grant</comment>
        <translation>no grant</translation>
    </message>
    <message>
        <source>超出授权时间</source>
        <comment>gui.sb_cause_outside_window</comment>
        <translation>outside the granted time</translation>
    </message>
    <message>
        <source>超出授权次数</source>
        <comment>gui.sb_cause_over_count</comment>
        <translation>over the granted count</translation>
    </message>
    <message>
        <source>拉伸状态下关机</source>
        <comment>gui.sb_cause_powering_off</comment>
        <translation>stretched while powering off</translation>
    </message>
    <message>
        <source>未授权，二维码状态</source>
        <comment>gui.sb_cause_unauthorized_qr</comment>
        <translation>unauthorized, QR on screen</translation>
    </message>
    <message>
        <source>未授权，熄屏</source>
        <comment>gui.sb_cause_unauthorized_screen_off</comment>
        <translation>unauthorized, screen off</translation>
    </message>
    <message>
        <source>选择文件附件</source>
        <comment>gui.sb_choose_attachment</comment>
        <translation>Choose an attachment</translation>
    </message>
    <message>
        <source>请先选择一台扫描到的印章盒。</source>
        <comment>gui.sb_choose_box</comment>
        <translation>Choose one of the boxes heard first.</translation>
    </message>
    <message>
        <source>选择文件图片</source>
        <comment>gui.sb_choose_image</comment>
        <translation>Choose an image</translation>
    </message>
    <message>
        <source>请选择使用人</source>
        <comment>gui.sb_choose_person</comment>
        <translation>Choose a person</translation>
    </message>
    <message>
        <source>申请人</source>
        <comment>gui.sb_col_applicant</comment>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>审批人（依次）</source>
        <comment>gui.sb_col_approvers</comment>
        <translation>Approvers (in order)</translation>
    </message>
    <message>
        <source>印章盒</source>
        <comment>gui.sb_col_box</comment>
        <translation>Box</translation>
    </message>
    <message>
        <source>用印类别</source>
        <comment>gui.sb_col_category</comment>
        <translation>Category</translation>
    </message>
    <message>
        <source>原因</source>
        <comment>gui.sb_col_cause</comment>
        <translation>Cause</translation>
    </message>
    <message>
        <source>抄送</source>
        <comment>gui.sb_col_cc</comment>
        <translation>Copied to</translation>
    </message>
    <message>
        <source>次数</source>
        <comment>gui.sb_col_count</comment>
        <translation>Count</translation>
    </message>
    <message>
        <source>详情</source>
        <comment>gui.sb_col_detail</comment>
        <translation>Detail</translation>
    </message>
    <message>
        <source>设备编号 / MAC</source>
        <comment>gui.sb_col_device</comment>
        <translation>Device id / MAC</translation>
    </message>
    <message>
        <source>固件</source>
        <comment>gui.sb_col_firmware</comment>
        <translation>Firmware</translation>
    </message>
    <message>
        <source>当前授权</source>
        <comment>gui.sb_col_grant</comment>
        <translation>Grant</translation>
    </message>
    <message>
        <source>管章人</source>
        <comment>gui.sb_col_keepers</comment>
        <translation>Keepers</translation>
    </message>
    <message>
        <source>挂失</source>
        <comment>gui.sb_col_lock</comment>
        <translation>Lost-lock</translation>
    </message>
    <message>
        <source>型号</source>
        <comment>gui.sb_col_model</comment>
        <translation>Model</translation>
    </message>
    <message>
        <source>设备名称</source>
        <comment>gui.sb_col_name</comment>
        <translation>Name</translation>
    </message>
    <message>
        <source>状态</source>
        <comment>gui.sb_col_online</comment>
        <translation>State</translation>
    </message>
    <message>
        <source>照片</source>
        <comment>gui.sb_col_photo</comment>
        <translation>Photo</translation>
    </message>
    <message>
        <source>使用位置</source>
        <comment>gui.sb_col_place</comment>
        <translation>Place</translation>
    </message>
    <message>
        <source>事由</source>
        <comment>gui.sb_col_reason</comment>
        <translation>Reason</translation>
    </message>
    <message>
        <source>屏幕</source>
        <comment>gui.sb_col_screen</comment>
        <translation>Screen</translation>
    </message>
    <message>
        <source>状态</source>
        <comment>gui.sb_col_state</comment>
        <translation>State</translation>
    </message>
    <message>
        <source>用印时间</source>
        <comment>gui.sb_col_time</comment>
        <translation>Time</translation>
    </message>
    <message>
        <source>用印</source>
        <comment>gui.sb_col_use</comment>
        <translation>Use</translation>
    </message>
    <message>
        <source>第几次</source>
        <comment>gui.sb_col_used</comment>
        <translation>Use no.</translation>
    </message>
    <message>
        <source>使用人</source>
        <comment>gui.sb_col_user</comment>
        <translation>Person</translation>
    </message>
    <message>
        <source>用印时间</source>
        <comment>gui.sb_col_window</comment>
        <translation>Window</translation>
    </message>
    <message>
        <source>份数</source>
        <comment>gui.sb_copies</comment>
        <translation>Copies</translation>
    </message>
    <message>
        <source>1–10000</source>
        <comment>gui.sb_copies_hint</comment>
        <translation>1–10000</translation>
    </message>
    <message>
        <source>用印次数</source>
        <comment>gui.sb_count</comment>
        <translation>Count</translation>
    </message>
    <message>
        <source>0–500，0 为不限</source>
        <comment>gui.sb_count_hint</comment>
        <translation>0–500, 0 = unlimited</translation>
    </message>
    <message>
        <source>申请已处理：{state}。</source>
        <comment>gui.sb_decided</comment>
        <translation>The application is now: {state}.</translation>
    </message>
    <message>
        <source>理由</source>
        <comment>gui.sb_decision_reason</comment>
        <translation>Reason</translation>
    </message>
    <message>
        <source>删除文件…</source>
        <comment>gui.sb_delete_file</comment>
        <translation>Delete file…</translation>
    </message>
    <message>
        <source>从申请中删除“{name}”？（审批前，申请人可删除自己上传的文件。）</source>
        <comment>gui.sb_delete_file_confirm</comment>
        <translation>Take '{name}' off the application? (Before approval the applicant may delete the files they uploaded.)</translation>
    </message>
    <message>
        <source>部门</source>
        <comment>gui.sb_department</comment>
        <translation>Department</translation>
    </message>
    <message>
        <source>下载文件…</source>
        <comment>gui.sb_download_file</comment>
        <translation>Download file…</translation>
    </message>
    <message>
        <source>已保存：{path}</source>
        <comment>gui.sb_downloaded</comment>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <source>正在下载文件…</source>
        <comment>gui.sb_downloading</comment>
        <translation>Downloading the file…</translation>
    </message>
    <message>
        <source>结束时间</source>
        <comment>gui.sb_end</comment>
        <translation>End</translation>
    </message>
    <message>
        <source>结束用印</source>
        <comment>gui.sb_end_use</comment>
        <translation>End use</translation>
    </message>
    <message>
        <source>已结束 {user} 的用印（用了 {used} 次）。</source>
        <comment>gui.sb_ended</comment>
        <translation>Ended {user}'s use ({used} used).</translation>
    </message>
    <message>
        <source>正在结束用印…</source>
        <comment>gui.sb_ending</comment>
        <translation>Ending the use…</translation>
    </message>
    <message>
        <source>导出记录…</source>
        <comment>gui.sb_export_dots</comment>
        <translation>Export records…</translation>
    </message>
    <message>
        <source>接收邮箱</source>
        <comment>gui.sb_export_email</comment>
        <translation>Send to</translation>
    </message>
    <message>
        <source>开始日期</source>
        <comment>gui.sb_export_from</comment>
        <translation>First day</translation>
    </message>
    <message>
        <source>发送</source>
        <comment>gui.sb_export_send</comment>
        <translation>Send</translation>
    </message>
    <message>
        <source>导出记录</source>
        <comment>gui.sb_export_title</comment>
        <translation>Export records</translation>
    </message>
    <message>
        <source>结束日期</source>
        <comment>gui.sb_export_to</comment>
        <translation>Last day</translation>
    </message>
    <message>
        <source>正在导出记录…</source>
        <comment>gui.sb_exporting</comment>
        <translation>Exporting the records…</translation>
    </message>
    <message>
        <source>功能配置…</source>
        <comment>gui.sb_features</comment>
        <translation>Feature set…</translation>
    </message>
    <message>
        <source>勾选的项在申请用印和下发授权中填写；未勾选的项不填写，平台按默认处理（次数不限、从现在起 8 小时、不拍照……）。手动配置全部不勾选，批量配置全部勾选，然后可逐项修改。全部未勾选时不用申请和授权：成员在印章盒空闲时直接使用。</source>
        <comment>gui.sb_features_hint</comment>
        <translation>Ticked items are asked in applications and grants; the others are not, and the platform takes their defaults (no count limit, 8 hours from now, no photos …). Manual unticks everything, Batch ticks everything; then change items one by one. With nothing ticked there are no applications or grants: members take a free box directly.</translation>
    </message>
    <message>
        <source>功能配置已保存（{count} 项勾选）。</source>
        <comment>gui.sb_features_saved</comment>
        <translation>Feature set saved ({count} ticked).</translation>
    </message>
    <message>
        <source>正在保存功能配置…</source>
        <comment>gui.sb_features_saving</comment>
        <translation>Saving the feature set…</translation>
    </message>
    <message>
        <source>功能配置</source>
        <comment>gui.sb_features_title</comment>
        <translation>Feature set</translation>
    </message>
    <message>
        <source>附件：{name}</source>
        <comment>gui.sb_file_chosen_attachment</comment>
        <translation>Attachment: {name}</translation>
    </message>
    <message>
        <source>图片：{name}</source>
        <comment>gui.sb_file_chosen_image</comment>
        <translation>Image: {name}</translation>
    </message>
    <message>
        <source>文件标识</source>
        <comment>gui.sb_file_code</comment>
        <translation>File code</translation>
    </message>
    <message>
        <source>选填：69 开头的 13 位条码，或二维码内容（最多 200 个字）</source>
        <comment>gui.sb_file_code_hint</comment>
        <translation>Optional: a 13-digit barcode starting 69, or a QR code's text (≤ 200)</translation>
    </message>
    <message>
        <source>已删除“{name}”。</source>
        <comment>gui.sb_file_deleted</comment>
        <translation>'{name}' deleted.</translation>
    </message>
    <message>
        <source>文件名称</source>
        <comment>gui.sb_file_name</comment>
        <translation>File name</translation>
    </message>
    <message>
        <source>选填，最多 100 个字</source>
        <comment>gui.sb_file_name_hint</comment>
        <translation>Optional, at most 100 characters</translation>
    </message>
    <message>
        <source>文件类型</source>
        <comment>gui.sb_file_type</comment>
        <translation>File type</translation>
    </message>
    <message>
        <source>选填，例如：合同，最多 50 个字</source>
        <comment>gui.sb_file_type_hint</comment>
        <translation>Optional, e.g. Contract, ≤ 50</translation>
    </message>
    <message>
        <source>文件图片/附件</source>
        <comment>gui.sb_files</comment>
        <translation>Images and attachments</translation>
    </message>
    <message>
        <source>图片：jpg、png、gif，最多 {images} 张；附件：pdf、ofd、doc(x)、xls(x)、ppt(x)、wps、zip、rar、7z，最多 {attachments} 个；每个文件不超过 {kb} KB。</source>
        <comment>gui.sb_files_hint</comment>
        <translation>Images: jpg, png, gif, at most {images}; attachments: pdf, ofd, doc(x), xls(x), ppt(x), wps, zip, rar, 7z, at most {attachments}; each file at most {kb} KB.</translation>
    </message>
    <message>
        <source>已上传 {count} 个文件。</source>
        <comment>gui.sb_files_uploaded</comment>
        <translation>{count} file(s) uploaded.</translation>
    </message>
    <message>
        <source>校验指纹</source>
        <comment>gui.sb_flag_fingerprint</comment>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>强制上传记录</source>
        <comment>gui.sb_flag_force_upload</comment>
        <translation>Force record upload</translation>
    </message>
    <message>
        <source>通知</source>
        <comment>gui.sb_flag_notify</comment>
        <translation>Notify</translation>
    </message>
    <message>
        <source>盖章拍照</source>
        <comment>gui.sb_flag_photo</comment>
        <translation>Photo per stamp</translation>
    </message>
    <message>
        <source>选项</source>
        <comment>gui.sb_flags</comment>
        <translation>Options</translation>
    </message>
    <message>
        <source>添加类别</source>
        <comment>gui.sb_flow_add_category</comment>
        <translation>Add category</translation>
    </message>
    <message>
        <source>{names}（任一人）</source>
        <comment>gui.sb_flow_any_of</comment>
        <translation>any one of {names}</translation>
    </message>
    <message>
        <source>第 {n} 审批人</source>
        <comment>gui.sb_flow_approver_n</comment>
        <translation>Approver {n}</translation>
    </message>
    <message>
        <source>用印类别</source>
        <comment>gui.sb_flow_categories</comment>
        <translation>Categories</translation>
    </message>
    <message>
        <source>新类别名称</source>
        <comment>gui.sb_flow_category_name</comment>
        <translation>New category's name</translation>
    </message>
    <message>
        <source>抄送人 {n}</source>
        <comment>gui.sb_flow_cc_n</comment>
        <translation>Copied to {n}</translation>
    </message>
    <message>
        <source>请先在列表中选择一个类别。</source>
        <comment>gui.sb_flow_choose_category</comment>
        <translation>Choose a category in the list first.</translation>
    </message>
    <message>
        <source>请先选择一个类别的模板（默认流程不能删除）。</source>
        <comment>gui.sb_flow_choose_template</comment>
        <translation>Choose a category's template first (the default cannot be deleted).</translation>
    </message>
    <message>
        <source>关闭</source>
        <comment>gui.sb_flow_close</comment>
        <translation>Close</translation>
    </message>
    <message>
        <source>审批流程…</source>
        <comment>gui.sb_flow_dots</comment>
        <translation>Approval flow…</translation>
    </message>
    <message>
        <source>用印申请选择类别后按该类别的模板审批：审批人依次审批（最多 3 名），并抄送（最多 3 名）。没有模板的类别和不选类别的申请按默认流程：本印章盒的管章人任一人审批。</source>
        <comment>gui.sb_flow_hint</comment>
        <translation>An application with a category is decided by that category's template: the approvers in order (at most 3), copied to at most 3. Without a template, or without a category, the default applies: any one of the box's keepers.</translation>
    </message>
    <message>
        <source>请先添加用印类别。</source>
        <comment>gui.sb_flow_no_category</comment>
        <translation>Add a category first.</translation>
    </message>
    <message>
        <source>（无）</source>
        <comment>gui.sb_flow_nobody</comment>
        <translation>(none)</translation>
    </message>
    <message>
        <source>删除所选类别</source>
        <comment>gui.sb_flow_remove_category</comment>
        <translation>Delete the chosen category</translation>
    </message>
    <message>
        <source>删除所选模板</source>
        <comment>gui.sb_flow_remove_template</comment>
        <translation>Delete the chosen template</translation>
    </message>
    <message>
        <source>保存模板</source>
        <comment>gui.sb_flow_save_template</comment>
        <translation>Save template</translation>
    </message>
    <message>
        <source>审批流程已保存。</source>
        <comment>gui.sb_flow_saved</comment>
        <translation>The approval flow is saved.</translation>
    </message>
    <message>
        <source>默认</source>
        <comment>gui.sb_flow_system</comment>
        <translation>Default</translation>
    </message>
    <message>
        <source>本印章盒的审批模板</source>
        <comment>gui.sb_flow_templates</comment>
        <translation>This box's templates</translation>
    </message>
    <message>
        <source>审批流程 · {box}</source>
        <comment>gui.sb_flow_title</comment>
        <translation>Approval flow · {box}</translation>
    </message>
    <message>
        <source>扫描到的印章盒</source>
        <comment>gui.sb_found</comment>
        <translation>Boxes heard</translation>
    </message>
    <message>
        <source>获取验证码</source>
        <comment>gui.sb_get_code</comment>
        <translation>Get the code</translation>
    </message>
    <message>
        <source>前往平台登录</source>
        <comment>gui.sb_go_login</comment>
        <translation>Go to the Platform page</translation>
    </message>
    <message>
        <source>授权</source>
        <comment>gui.sb_grant</comment>
        <translation>Grant</translation>
    </message>
    <message>
        <source>用印区域</source>
        <comment>gui.sb_grant_area</comment>
        <translation>Area</translation>
    </message>
    <message>
        <source>可使用设备的区域（可不填，最多 50 字）</source>
        <comment>gui.sb_grant_area_hint</comment>
        <translation>Where the box may be used (optional, ≤ 50)</translation>
    </message>
    <message>
        <source>下发授权…</source>
        <comment>gui.sb_grant_dots</comment>
        <translation>Grant…</translation>
    </message>
    <message>
        <source>已过期，待结束用印</source>
        <comment>gui.sb_grant_expired</comment>
        <translation>used up or past: end it</translation>
    </message>
    <message>
        <source>下发授权 · {box}</source>
        <comment>gui.sb_grant_title</comment>
        <translation>Grant · {box}</translation>
    </message>
    <message>
        <source>{user}（{used}/{count}）</source>
        <comment>gui.sb_granted</comment>
        <translation>{user} ({used}/{count})</translation>
    </message>
    <message>
        <source>已授权 {user} 在 {start} 至 {end} 使用 {count} 次。</source>
        <comment>gui.sb_granted_said</comment>
        <translation>{user} may stamp {count} time(s) from {start} to {end}.</translation>
    </message>
    <message>
        <source>使用人</source>
        <comment>gui.sb_grantee</comment>
        <translation>Person</translation>
    </message>
    <message>
        <source>正在下发授权…</source>
        <comment>gui.sb_granting</comment>
        <translation>Granting…</translation>
    </message>
    <message>
        <source>图片 (*.jpg *.jpeg *.png *.gif)</source>
        <comment>gui.sb_image_filter</comment>
        <translation>Images (*.jpg *.jpeg *.png *.gif)</translation>
    </message>
    <message>
        <source>该印章盒正在由 {user} 使用：现在只能预先授权，使用人激活时须先结束用印。</source>
        <comment>gui.sb_in_use_pre_only</comment>
        <translation>{user} is using this box: only a pre-authorization now; ending that use comes before its activation.</translation>
    </message>
    <message>
        <source>管章人</source>
        <comment>gui.sb_keeper_role</comment>
        <translation>keeper</translation>
    </message>
    <message>
        <source>已选 {count} 名，最多 {most} 名</source>
        <comment>gui.sb_keepers_chosen</comment>
        <translation>{count} chosen, at most {most}</translation>
    </message>
    <message>
        <source>管章人…</source>
        <comment>gui.sb_keepers_dots</comment>
        <translation>Keepers…</translation>
    </message>
    <message>
        <source>勾选这台印章盒的管章人（最多 {most} 名）：他们可以授权、结束用印、取回记录和设置。只有具有管章人角色的人员可以担任。</source>
        <comment>gui.sb_keepers_hint</comment>
        <translation>Tick the box's keepers (at most {most}): they grant, end use, fetch records and change settings. Only people holding the keeper role can be keepers.</translation>
    </message>
    <message>
        <source>本单位人员</source>
        <comment>gui.sb_keepers_list</comment>
        <translation>People of the unit</translation>
    </message>
    <message>
        <source>本机还没有本单位的人员：请先在“平台”页同步。</source>
        <comment>gui.sb_keepers_nobody</comment>
        <translation>No people of the unit on this computer yet: sync on the Platform page first.</translation>
    </message>
    <message>
        <source>{box} 的管章人：{names}</source>
        <comment>gui.sb_keepers_said</comment>
        <translation>Keepers of {box}: {names}</translation>
    </message>
    <message>
        <source>管章人 · {box}</source>
        <comment>gui.sb_keepers_title</comment>
        <translation>Keepers · {box}</translation>
    </message>
    <message>
        <source>正在读取印章盒…</source>
        <comment>gui.sb_loading</comment>
        <translation>Reading the seal boxes…</translation>
    </message>
    <message>
        <source>挂失锁定</source>
        <comment>gui.sb_lock</comment>
        <translation>Lock as lost</translation>
    </message>
    <message>
        <source>挂失锁定“{name}”？印章盒在线时立即锁定，否则在下次连接时锁定；锁定后按压盖章都会记为异常。</source>
        <comment>gui.sb_lock_confirm</comment>
        <translation>Lock “{name}” as lost? An online box locks at once, otherwise at its next contact; every press after it is an abnormal record.</translation>
    </message>
    <message>
        <source>已锁定</source>
        <comment>gui.sb_lock_locked</comment>
        <translation>locked</translation>
    </message>
    <message>
        <source>-</source>
        <comment>gui.sb_lock_none</comment>
        <translation>-</translation>
    </message>
    <message>
        <source>锁定待下发</source>
        <comment>gui.sb_lock_pending</comment>
        <translation>lock waiting for the box</translation>
    </message>
    <message>
        <source>解锁待下发</source>
        <comment>gui.sb_lock_unlock_pending</comment>
        <translation>unlock waiting for the box</translation>
    </message>
    <message>
        <source>已挂失锁定 {name}。</source>
        <comment>gui.sb_locked</comment>
        <translation>{name} is locked as lost.</translation>
    </message>
    <message>
        <source>印控使用平台的登录：请先在“平台”页登录（主管理员、管理员或管章人）。</source>
        <comment>gui.sb_login_first</comment>
        <translation>Seal boxes use the platform session: log in on the Platform page first (as an admin or a keeper).</translation>
    </message>
    <message>
        <source>待我使用：{lines}</source>
        <comment>gui.sb_mine</comment>
        <translation>Waiting for me: {lines}</translation>
    </message>
    <message>
        <source> 分钟</source>
        <comment>gui.sb_minutes</comment>
        <translation> min</translation>
    </message>
    <message>
        <source>授权方式</source>
        <comment>gui.sb_mode</comment>
        <translation>Mode</translation>
    </message>
    <message>
        <source>直接授权</source>
        <comment>gui.sb_mode_direct</comment>
        <translation>Direct</translation>
    </message>
    <message>
        <source>预先授权（激活码）</source>
        <comment>gui.sb_mode_pre</comment>
        <translation>Pre-authorized (activation code)</translation>
    </message>
    <message>
        <source>本单位还没有绑定印章盒：打开印章盒电源，点击“绑定印章盒…”。</source>
        <comment>gui.sb_no_boxes</comment>
        <translation>The unit has no seal box yet: switch a box on and click “Bind a box…”.</translation>
    </message>
    <message>
        <source>这台印章盒没有指纹功能。</source>
        <comment>gui.sb_no_fingerprint</comment>
        <translation>This box has no fingerprint reader.</translation>
    </message>
    <message>
        <source>无授权</source>
        <comment>gui.sb_no_grant</comment>
        <translation>no grant</translation>
    </message>
    <message>
        <source>选择一条记录查看照片</source>
        <comment>gui.sb_no_photo</comment>
        <translation>Choose a record to see its photo</translation>
    </message>
    <message>
        <source>无照片</source>
        <comment>gui.sb_no_photo_short</comment>
        <translation>none</translation>
    </message>
    <message>
        <source>无法收听蓝牙，在线状态未知：{why}</source>
        <comment>gui.sb_no_radio</comment>
        <translation>The radio cannot listen, so online state is unknown: {why}</translation>
    </message>
    <message>
        <source>（无）</source>
        <comment>gui.sb_none_chosen</comment>
        <translation>(none)</translation>
    </message>
    <message>
        <source>您的角色不能做这项操作。</source>
        <comment>gui.sb_not_allowed</comment>
        <translation>Your role may not do this.</translation>
    </message>
    <message>
        <source>无管章人角色</source>
        <comment>gui.sb_not_keeper_role</comment>
        <translation>not a keeper</translation>
    </message>
    <message>
        <source>这台印章盒没有给您的待激活预先授权。</source>
        <comment>gui.sb_not_yours</comment>
        <translation>This box has no pre-authorization to you waiting to be activated.</translation>
    </message>
    <message>
        <source>关</source>
        <comment>gui.sb_off</comment>
        <translation>off</translation>
    </message>
    <message>
        <source>离线</source>
        <comment>gui.sb_offline</comment>
        <translation>offline</translation>
    </message>
    <message>
        <source>主管理员验证码</source>
        <comment>gui.sb_offline_code</comment>
        <translation>Main admin's code</translation>
    </message>
    <message>
        <source>开启无网络设置需要，6 位数字</source>
        <comment>gui.sb_offline_code_hint</comment>
        <translation>6 digits, to turn offline mode on</translation>
    </message>
    <message>
        <source>未连接本机时也可按授权盖章</source>
        <comment>gui.sb_offline_mode</comment>
        <translation>Stamp with no computer connected</translation>
    </message>
    <message>
        <source>记录存于印章盒，下次连接时上传；开启需要主管理员验证码。</source>
        <comment>gui.sb_offline_mode_hint</comment>
        <translation>Records are kept in the box and uploaded at its next contact; turning it on needs the main admin's code.</translation>
    </message>
    <message>
        <source>无网络设置</source>
        <comment>gui.sb_offline_title</comment>
        <translation>Offline mode</translation>
    </message>
    <message>
        <source>开</source>
        <comment>gui.sb_on</comment>
        <translation>on</translation>
    </message>
    <message>
        <source>在线</source>
        <comment>gui.sb_online</comment>
        <translation>online</translation>
    </message>
    <message>
        <source>{why} 平台已记录，印章盒下次连接时生效。</source>
        <comment>gui.sb_pending</comment>
        <translation>{why} The platform has it: the box gets it at its next contact.</translation>
    </message>
    <message>
        <source>第 {seq} 条记录的照片</source>
        <comment>gui.sb_photo_of</comment>
        <translation>Photo of record {seq}</translation>
    </message>
    <message>
        <source>强制上传图片</source>
        <comment>gui.sb_photo_required</comment>
        <translation>Photos required</translation>
    </message>
    <message>
        <source>用印时必须拍照并上传图片。</source>
        <comment>gui.sb_photo_required_tip</comment>
        <translation>Each stamp must be photographed and the photo uploaded.</translation>
    </message>
    <message>
        <source>有 {count} 张照片与记录不符，未保存，下次取回时再取。</source>
        <comment>gui.sb_photos_refused</comment>
        <translation>{count} photo(s) unlike their record were not kept; the next fetch asks again.</translation>
    </message>
    <message>
        <source>本机位置</source>
        <comment>gui.sb_place</comment>
        <translation>This computer's place</translation>
    </message>
    <message>
        <source>已清除本机位置。</source>
        <comment>gui.sb_place_cleared</comment>
        <translation>This computer's place is cleared.</translation>
    </message>
    <message>
        <source>如：总部3楼档案室</source>
        <comment>gui.sb_place_hint</comment>
        <translation>e.g. HQ floor 3, archive room</translation>
    </message>
    <message>
        <source>保存位置</source>
        <comment>gui.sb_place_save</comment>
        <translation>Save place</translation>
    </message>
    <message>
        <source>本机位置已保存：{place}。本机连接的印章盒将带上这个位置。</source>
        <comment>gui.sb_place_saved</comment>
        <translation>This computer's place is saved: {place}. The boxes it reaches will carry it.</translation>
    </message>
    <message>
        <source>印章盒没有定位：本机连接到的印章盒以此为使用位置和最后已知位置。</source>
        <comment>gui.sb_place_tip</comment>
        <translation>Seal boxes have no GPS: the boxes this computer reaches take this as their place.</translation>
    </message>
    <message>
        <source>取回记录</source>
        <comment>gui.sb_pull_records</comment>
        <translation>Fetch records</translation>
    </message>
    <message>
        <source>从 {name} 取回 {new} 条新记录、{photos} 张照片，上传平台 {uploaded} 条。</source>
        <comment>gui.sb_pulled</comment>
        <translation>{new} new record(s) and {photos} photo(s) from {name}; {uploaded} uploaded.</translation>
    </message>
    <message>
        <source>正在取回记录…</source>
        <comment>gui.sb_pulling</comment>
        <translation>Fetching records…</translation>
    </message>
    <message>
        <source>可不填</source>
        <comment>gui.sb_reason_optional</comment>
        <translation>Optional</translation>
    </message>
    <message>
        <source>驳回必须填写理由</source>
        <comment>gui.sb_reason_required</comment>
        <translation>A rejection needs a reason</translation>
    </message>
    <message>
        <source>还没有使用记录。</source>
        <comment>gui.sb_records_none_all</comment>
        <translation>No records yet.</translation>
    </message>
    <message>
        <source>您管理的印章盒还没有使用记录（管章人看所管印章盒的记录，管理员看全部印章盒的记录）。</source>
        <comment>gui.sb_records_none_managed</comment>
        <translation>No records of the boxes you manage (a keeper manages the boxes they keep, an admin every box).</translation>
    </message>
    <message>
        <source>您还没有使用记录。</source>
        <comment>gui.sb_records_none_mine</comment>
        <translation>You have no records yet.</translation>
    </message>
    <message>
        <source>刷新</source>
        <comment>gui.sb_refresh</comment>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>驳回</source>
        <comment>gui.sb_reject</comment>
        <translation>Reject</translation>
    </message>
    <message>
        <source>驳回…</source>
        <comment>gui.sb_reject_dots</comment>
        <translation>Reject…</translation>
    </message>
    <message>
        <source>驳回用印申请</source>
        <comment>gui.sb_reject_title</comment>
        <translation>Reject the application</translation>
    </message>
    <message>
        <source>移除</source>
        <comment>gui.sb_remove_file</comment>
        <translation>Remove</translation>
    </message>
    <message>
        <source>重命名…</source>
        <comment>gui.sb_rename_dots</comment>
        <translation>Rename…</translation>
    </message>
    <message>
        <source>设备名称和备注保存在平台上，本单位的人员都能看到；印章盒广播的蓝牙名称不变。</source>
        <comment>gui.sb_rename_hint</comment>
        <translation>The name and note are kept on the platform for the unit to see; the box's Bluetooth name stays as it is.</translation>
    </message>
    <message>
        <source>重命名 · {box}</source>
        <comment>gui.sb_rename_title</comment>
        <translation>Rename · {box}</translation>
    </message>
    <message>
        <source>印章盒“{before}”已改名为“{name}”。</source>
        <comment>gui.sb_renamed</comment>
        <translation>Box “{before}” is now “{name}”.</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <comment>gui.sb_renaming</comment>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>保存文件</source>
        <comment>gui.sb_save_file</comment>
        <translation>Save the file</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <comment>gui.sb_saving</comment>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>扫描</source>
        <comment>gui.sb_scan</comment>
        <translation>Scan</translation>
    </message>
    <message>
        <source>找到 {count} 台</source>
        <comment>gui.sb_scan_found</comment>
        <translation>{count} found</translation>
    </message>
    <message>
        <source>正在扫描印章盒…</source>
        <comment>gui.sb_scanning</comment>
        <translation>Scanning for boxes…</translation>
    </message>
    <message>
        <source> 秒</source>
        <comment>gui.sb_seconds</comment>
        <translation> s</translation>
    </message>
    <message>
        <source>设置…</source>
        <comment>gui.sb_settings_dots</comment>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>背光 0–180 秒；自动关机 0–30 分钟，0 为不自动关机。印章盒下次连接时生效。</source>
        <comment>gui.sb_settings_note</comment>
        <translation>Backlight 0–180 s; auto-off 0–30 min, 0 = never. The box takes them at its next contact.</translation>
    </message>
    <message>
        <source>设置：背光 {backlight} 秒，自动关机 {auto_off} 分钟，无网络设置{offline}。</source>
        <comment>gui.sb_settings_said</comment>
        <translation>Settings: backlight {backlight} s, auto-off {auto_off} min, offline mode {offline}.</translation>
    </message>
    <message>
        <source>设置 · {box}</source>
        <comment>gui.sb_settings_title</comment>
        <translation>Settings · {box}</translation>
    </message>
    <message>
        <source>下载记录 {done}/{total}</source>
        <comment>gui.sb_stage_download</comment>
        <translation>Downloading records {done}/{total}</translation>
    </message>
    <message>
        <source>下载文件 {done}/{total}</source>
        <comment>gui.sb_stage_file_download</comment>
        <translation>Downloading files {done}/{total}</translation>
    </message>
    <message>
        <source>上传文件 {done}/{total}</source>
        <comment>gui.sb_stage_files</comment>
        <translation>Uploading files {done}/{total}</translation>
    </message>
    <message>
        <source>下载照片 {done}/{total}</source>
        <comment>gui.sb_stage_photos</comment>
        <translation>Downloading photos {done}/{total}</translation>
    </message>
    <message>
        <source>上传平台 {done}/{total}</source>
        <comment>gui.sb_stage_upload</comment>
        <translation>Uploading {done}/{total}</translation>
    </message>
    <message>
        <source>上传照片 {done}/{total}</source>
        <comment>gui.sb_stage_upload_photos</comment>
        <translation>Uploading photos {done}/{total}</translation>
    </message>
    <message>
        <source>你对{name}的修改未生效：服务器上已有他人更新的修改，这里已改为服务器上的内容，请查看后再修改。</source>
        <comment>gui.sb_stale</comment>
        <translation>Your change to {name} did not take effect: someone changed it on the server since, and the server's version is shown here now. Look at it and change it again.</translation>
    </message>
    <message>
        <source>用印类别“{category}”</source>
        <comment>gui.sb_stale_category</comment>
        <translation>category “{category}”</translation>
    </message>
    <message>
        <source>印章盒“{box}”的管章人</source>
        <comment>gui.sb_stale_keepers</comment>
        <translation>the keepers of box “{box}”</translation>
    </message>
    <message>
        <source>用印类别“{category}”的审批模板</source>
        <comment>gui.sb_stale_template</comment>
        <translation>the approval template of category “{category}”</translation>
    </message>
    <message>
        <source>开始时间</source>
        <comment>gui.sb_start</comment>
        <translation>Start</translation>
    </message>
    <message>
        <source>异常记录</source>
        <comment>gui.sb_tab_abnormal</comment>
        <translation>Abnormal records</translation>
    </message>
    <message>
        <source>用印申请</source>
        <comment>gui.sb_tab_applications</comment>
        <translation>Applications</translation>
    </message>
    <message>
        <source>印章盒</source>
        <comment>gui.sb_tab_boxes</comment>
        <translation>Boxes</translation>
    </message>
    <message>
        <source>使用记录</source>
        <comment>gui.sb_tab_records</comment>
        <translation>Records</translation>
    </message>
    <message>
        <source>印控 · 智能印章盒</source>
        <comment>gui.sb_title</comment>
        <translation>Seal boxes</translation>
    </message>
    <message>
        <source>待激活</source>
        <comment>gui.sb_to_activate</comment>
        <translation>to activate</translation>
    </message>
    <message>
        <source>轨迹</source>
        <comment>gui.sb_track</comment>
        <translation>Track</translation>
    </message>
    <message>
        <source>最新 {count} 条（最多 100 条）。</source>
        <comment>gui.sb_track_count</comment>
        <translation>The newest {count} (at most 100).</translation>
    </message>
    <message>
        <source>轨迹…</source>
        <comment>gui.sb_track_dots</comment>
        <translation>Track…</translation>
    </message>
    <message>
        <source>用印时间从</source>
        <comment>gui.sb_track_from</comment>
        <translation>From</translation>
    </message>
    <message>
        <source>您只能看到自己使用这台印章盒的记录。</source>
        <comment>gui.sb_track_own</comment>
        <translation>You see only your own uses of this box.</translation>
    </message>
    <message>
        <source>姓名的一部分，可不填</source>
        <comment>gui.sb_track_person_hint</comment>
        <translation>a part of a name, optional</translation>
    </message>
    <message>
        <source>位置的一部分，可不填</source>
        <comment>gui.sb_track_place_hint</comment>
        <translation>a part of a place, optional</translation>
    </message>
    <message>
        <source>最后已知位置：{place}（{at}）</source>
        <comment>gui.sb_track_position</comment>
        <translation>Last known position: {place} ({at})</translation>
    </message>
    <message>
        <source>最后已知位置：未知</source>
        <comment>gui.sb_track_position_unknown</comment>
        <translation>Last known position: unknown</translation>
    </message>
    <message>
        <source>搜索</source>
        <comment>gui.sb_track_search</comment>
        <translation>Search</translation>
    </message>
    <message>
        <source>{n} 条用印短信未发送：接收人当天已收满 50 条。</source>
        <comment>gui.sb_track_sms_capped</comment>
        <translation>{n} SMS about uses not sent: their recipient had 50 that day already.</translation>
    </message>
    <message>
        <source>{n} 条用印短信未发送：接收人没有手机号。</source>
        <comment>gui.sb_track_sms_no_phone</comment>
        <translation>{n} SMS about uses not sent: their recipient has no phone number.</translation>
    </message>
    <message>
        <source>2026-12-06 或 2026-12-06 09:30，可不填</source>
        <comment>gui.sb_track_time_hint</comment>
        <translation>2026-12-06 or 2026-12-06 09:30, optional</translation>
    </message>
    <message>
        <source>轨迹：{box}</source>
        <comment>gui.sb_track_title</comment>
        <translation>Track: {box}</translation>
    </message>
    <message>
        <source>到</source>
        <comment>gui.sb_track_to</comment>
        <translation>To</translation>
    </message>
    <message>
        <source>解绑印章盒</source>
        <comment>gui.sb_unbind</comment>
        <translation>Unbind the box</translation>
    </message>
    <message>
        <source>解绑“{name}”？印章盒须在本机附近并已开机；有未结束的授权时平台会拒绝。解绑后印章盒恢复为未绑定，平台上的使用记录保留。</source>
        <comment>gui.sb_unbind_confirm</comment>
        <translation>Unbind “{name}”? The box must be switched on near this computer; the platform refuses while a grant is open. The box becomes unbound; its records stay on the platform.</translation>
    </message>
    <message>
        <source>解绑…</source>
        <comment>gui.sb_unbind_dots</comment>
        <translation>Unbind…</translation>
    </message>
    <message>
        <source>正在解绑印章盒…</source>
        <comment>gui.sb_unbinding</comment>
        <translation>Unbinding the box…</translation>
    </message>
    <message>
        <source>已解绑印章盒 {name}，屏幕：{screen}</source>
        <comment>gui.sb_unbound</comment>
        <translation>Unbound seal box {name}; screen: {screen}</translation>
    </message>
    <message>
        <source>未知</source>
        <comment>gui.sb_unknown</comment>
        <translation>unknown</translation>
    </message>
    <message>
        <source>不限</source>
        <comment>gui.sb_unlimited</comment>
        <translation>unlimited</translation>
    </message>
    <message>
        <source>解除锁定</source>
        <comment>gui.sb_unlock</comment>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>解除“{name}”的挂失锁定？</source>
        <comment>gui.sb_unlock_confirm</comment>
        <translation>Unlock “{name}”?</translation>
    </message>
    <message>
        <source>已解除 {name} 的挂失锁定。</source>
        <comment>gui.sb_unlocked</comment>
        <translation>{name} is no longer locked.</translation>
    </message>
    <message>
        <source>使用模式</source>
        <comment>gui.sb_usage_mode</comment>
        <translation>Usage mode</translation>
    </message>
    <message>
        <source>直接使用</source>
        <comment>gui.sb_use</comment>
        <translation>Use now</translation>
    </message>
    <message>
        <source>可以用印了：{box} 在 {end} 前不限次数。</source>
        <comment>gui.sb_used</comment>
        <translation>You may stamp: {box}, without limit until {end}.</translation>
    </message>
    <message>
        <source>正在取得印章盒…</source>
        <comment>gui.sb_using</comment>
        <translation>Taking the box…</translation>
    </message>
    <message>
        <source>全部</source>
        <comment>gui.sb_view_all</comment>
        <translation>All</translation>
    </message>
    <message>
        <source>我管理</source>
        <comment>gui.sb_view_managed</comment>
        <translation>I manage</translation>
    </message>
    <message>
        <source>我使用</source>
        <comment>gui.sb_view_mine</comment>
        <translation>Mine</translation>
    </message>
    <message>
        <source>{count} 条指令待下发</source>
        <comment>gui.sb_waiting</comment>
        <translation>{count} command(s) waiting</translation>
    </message>
    <message>
        <source>{count} 人待激活</source>
        <comment>gui.sb_waiting_people</comment>
        <translation>{count} waiting</translation>
    </message>
    <message>
        <source>{name} · {unit} · {server}</source>
        <comment>gui.sb_who</comment>
        <translation>{name} · {unit} · {server}</translation>
    </message>
    <message>
        <source>已加入“文件签章”页的印章列表。</source>
        <comment>gui.seal_added</comment>
        <translation>Added to the seals of the signing page.</translation>
    </message>
    <message>
        <source>（不超过证书“{name}”的有效期：印章不能比它所列的证书更长久。）</source>
        <comment>gui.seal_capped</comment>
        <translation>(Not past the certificate '{name}': a seal cannot outlive the certificates it names.)</translation>
    </message>
    <message>
        <source>防伪码</source>
        <comment>gui.seal_code_field</comment>
        <translation>Code</translation>
    </message>
    <message>
        <source>印章样式</source>
        <comment>gui.seal_kind</comment>
        <translation>Style</translation>
    </message>
    <message>
        <source>印章名称</source>
        <comment>gui.seal_label_field</comment>
        <translation>Seal name</translation>
    </message>
    <message>
        <source>写入 USB Key 和验证时显示的名称；默认为单位名称加横排文字（如“合同专用章”）。</source>
        <comment>gui.seal_label_hint</comment>
        <translation>The name the key and verification show; by default the unit and the horizontal text (such as 合同专用章).</translation>
    </message>
    <message>
        <source>“{seal}”：第 {page} 页，距左 {x:.1f} mm，距上 {y:.1f} mm。</source>
        <comment>gui.seal_moved</comment>
        <translation>'{seal}': page {page}, {x:.1f} mm from the left, {y:.1f} mm from the top.</translation>
    </message>
    <message>
        <source>单位或个人名称</source>
        <comment>gui.seal_name_field</comment>
        <translation>Unit or person</translation>
    </message>
    <message>
        <source>恢复原始大小（{mm:g} mm）</source>
        <comment>gui.seal_original_size</comment>
        <translation>Back to its own size ({mm:g} mm)</translation>
    </message>
    <message>
        <source>已在第 {page} 页放置“{seal}”。可拖动或用方向键调整位置（Shift 每次 10 mm），按 Delete 删除。</source>
        <comment>gui.seal_placed</comment>
        <translation>'{seal}' placed on page {page}. Drag it or move it with the arrow keys (Shift: 10 mm), press Delete to remove it.</translation>
    </message>
    <message>
        <source>移除此印章</source>
        <comment>gui.seal_remove</comment>
        <translation>Remove this seal</translation>
    </message>
    <message>
        <source>已移除“{seal}”（Ctrl+Z 撤销）。</source>
        <comment>gui.seal_removed</comment>
        <translation>Removed '{seal}' (Ctrl+Z undoes it).</translation>
    </message>
    <message>
        <source>印章大小</source>
        <comment>gui.seal_size</comment>
        <translation>Seal size</translation>
    </message>
    <message>
        <source>尺寸</source>
        <comment>gui.seal_size_field</comment>
        <translation>Size</translation>
    </message>
    <message>
        <source>横排文字</source>
        <comment>gui.seal_text_field</comment>
        <translation>Horizontal text</translation>
    </message>
    <message>
        <source>印章</source>
        <comment>gui.seal_unnamed</comment>
        <translation>the seal</translation>
    </message>
    <message>
        <source>无法读取</source>
        <comment>gui.seal_unreadable</comment>
        <translation>unreadable</translation>
    </message>
    <message>
        <source>有效期至 {date}。</source>
        <comment>gui.seal_valid_to</comment>
        <translation>Valid until {date}.</translation>
    </message>
    <message>
        <source>把印章拖到页面上（按实际大小显示）：</source>
        <comment>gui.seals_hint</comment>
        <translation>Drag a seal onto a page (shown at true size):</translation>
    </message>
    <message>
        <source>USB Key 中的印章</source>
        <comment>gui.seals_in_key</comment>
        <translation>Seals in the USB key</translation>
    </message>
    <message>
        <source>生成印章图片：输入名称即时预览（预览为实际大小）。</source>
        <comment>gui.seals_intro</comment>
        <translation>Make a seal picture: the preview follows as you type (shown at true size).</translation>
    </message>
    <message>
        <source>演示模式</source>
        <comment>gui.set_demo</comment>
        <translation>Demo mode</translation>
    </message>
    <message>
        <source>语言</source>
        <comment>gui.set_language</comment>
        <translation>Language</translation>
    </message>
    <message>
        <source>受信任的制章机构</source>
        <comment>gui.set_makers</comment>
        <translation>Trusted seal makers</translation>
    </message>
    <message>
        <source>USB Key 驱动（PKCS#11）</source>
        <comment>gui.set_module</comment>
        <translation>USB key driver (PKCS#11)</translation>
    </message>
    <message>
        <source>签署文件保存到</source>
        <comment>gui.set_output</comment>
        <translation>Save signed files to</translation>
    </message>
    <message>
        <source>PIN 码</source>
        <comment>gui.set_pin_policy</comment>
        <translation>PIN</translation>
    </message>
    <message>
        <source>受信任的根证书</source>
        <comment>gui.set_roots</comment>
        <translation>Trusted root certificates</translation>
    </message>
    <message>
        <source>设置文件：{path}</source>
        <comment>gui.settings_file</comment>
        <translation>Settings file: {path}</translation>
    </message>
    <message>
        <source>点击左侧的签名，在页面上查看它的印章。</source>
        <comment>gui.sig_click</comment>
        <translation>Click a signature to see its seal on the page.</translation>
    </message>
    <message>
        <source>这个签名没有可见的印章（或文件的页面无法显示）。</source>
        <comment>gui.sig_no_seal</comment>
        <translation>This signature has no visible seal (or the file's pages cannot be shown).</translation>
    </message>
    <message>
        <source>签名“{name}”的印章在第 {page} 页（蓝框）</source>
        <comment>gui.sig_on_page</comment>
        <translation>Seal of '{name}': page {page} (blue frame)</translation>
    </message>
    <message>
        <source>核验结果</source>
        <comment>gui.sig_reasons</comment>
        <translation>Findings</translation>
    </message>
    <message>
        <source>签名 {n} · {headline}</source>
        <comment>gui.sig_title</comment>
        <translation>Signature {n} · {headline}</translation>
    </message>
    <message>
        <source>已取消签署，没有生成文件。</source>
        <comment>gui.sign_cancelled</comment>
        <translation>Signing cancelled; no file was written.</translation>
    </message>
    <message>
        <source>签署完成，已保存为 {path}</source>
        <comment>gui.sign_done</comment>
        <translation>Signed; saved as {path}</translation>
    </message>
    <message>
        <source>正在登录 USB Key…</source>
        <comment>gui.sign_login</comment>
        <translation>Logging in to the USB key…</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <comment>gui.sign_saving</comment>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>正在签署（{seal}）…</source>
        <comment>gui.sign_step</comment>
        <translation>Signing ({seal})…</translation>
    </message>
    <message>
        <source>已签署文件</source>
        <comment>gui.signed_filter</comment>
        <translation>Signed files</translation>
    </message>
    <message>
        <source>选中页面上的印章后可调整大小（20–60 mm，保持比例），也可拖动印章右下角。</source>
        <comment>gui.size_hint</comment>
        <translation>Select a seal on the page to resize it (20–60 mm, aspect kept), or drag its bottom-right corner.</translation>
    </message>
    <message>
        <source>跳过</source>
        <comment>gui.skip</comment>
        <translation>Skip</translation>
    </message>
    <message>
        <source>{seal} 骑缝章（{edge}）</source>
        <comment>gui.stamp_cross</comment>
        <translation>{seal} across the pages ({edge})</translation>
    </message>
    <message>
        <source>{seal} 盖在关键字“{keyword}”处</source>
        <comment>gui.stamp_keyword</comment>
        <translation>{seal} on the keyword '{keyword}'</translation>
    </message>
    <message>
        <source>{seal} {count} 处（第 {pages} 页）</source>
        <comment>gui.stamp_placed</comment>
        <translation>{seal} ×{count} (page {pages})</translation>
    </message>
    <message>
        <source>防伪二维码</source>
        <comment>gui.stamp_qr</comment>
        <translation>an anti-counterfeit QR code</translation>
    </message>
    <message>
        <source>；</source>
        <comment>gui.stamp_sep</comment>
        <translation>; </translation>
    </message>
    <message>
        <source>测试</source>
        <comment>gui.test_module</comment>
        <translation>Test</translation>
    </message>
    <message>
        <source>页面缩略图</source>
        <comment>gui.thumbnails</comment>
        <translation>Page thumbnails</translation>
    </message>
    <message>
        <source>SealDesk 电子印章</source>
        <comment>gui.title</comment>
        <translation>SealDesk e-seals</translation>
    </message>
    <message>
        <source>演示模式（信任演示根证书）</source>
        <comment>gui.title_demo</comment>
        <translation>demo mode (demo roots trusted)</translation>
    </message>
    <message>
        <source>实际大小</source>
        <comment>gui.true_size</comment>
        <translation>Actual size</translation>
    </message>
    <message>
        <source>撤销</source>
        <comment>gui.undo</comment>
        <translation>Undo</translation>
    </message>
    <message>
        <source>用于文件签章</source>
        <comment>gui.use_for_signing</comment>
        <translation>Use for signing</translation>
    </message>
    <message>
        <source>有效期至</source>
        <comment>gui.valid_to_short</comment>
        <translation>valid to</translation>
    </message>
    <message>
        <source>验证</source>
        <comment>gui.verify_again</comment>
        <translation>Verify</translation>
    </message>
    <message>
        <source>把已签署的 PDF 或 OFD 文件拖到这里，或点击“打开文件验证”。无需联网。</source>
        <comment>gui.verify_drop_hint</comment>
        <translation>Drop signed PDF or OFD files here, or click 'Open files to verify'. No network needed.</translation>
    </message>
    <message>
        <source>验证 PIN…</source>
        <comment>gui.verify_pin</comment>
        <translation>Verify PIN…</translation>
    </message>
    <message>
        <source>验证这份文件</source>
        <comment>gui.verify_this</comment>
        <translation>Verify this file</translation>
    </message>
    <message>
        <source>正在验证…</source>
        <comment>gui.verifying</comment>
        <translation>Verifying…</translation>
    </message>
    <message>
        <source>开始监视 USB Key 插拔（{source}）</source>
        <comment>gui.watching</comment>
        <translation>Watching USB keys ({source})</translation>
    </message>
    <message>
        <source>写入 USB Key…</source>
        <comment>gui.write_to_key</comment>
        <translation>Write into the USB key…</translation>
    </message>
    <message>
        <source>由制章人签发印章（演示模式下用演示制章人），写入 USB Key，需输入 PIN 码。</source>
        <comment>gui.write_to_key_hint</comment>
        <translation>The seal maker signs the seal (the demo maker in demo mode); it is written into the USB key after the PIN.</translation>
    </message>
    <message>
        <source>正在制作印章并写入 USB Key…</source>
        <comment>gui.writing_seal</comment>
        <translation>Making the seal and writing it…</translation>
    </message>
    <message>
        <source>放大</source>
        <comment>gui.zoom_in</comment>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>缩小</source>
        <comment>gui.zoom_out</comment>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>（命令行：把密码放在环境变量 SEALDESK_PDF_PASSWORD 里）</source>
        <comment>hint.pdf_password</comment>
        <translation>(command line: put the password in the SEALDESK_PDF_PASSWORD variable)</translation>
    </message>
    <message>
        <source>证书</source>
        <comment>info.certificates</comment>
        <translation>Certificates</translation>
    </message>
    <message>
        <source>数据对象</source>
        <comment>info.data_objects</comment>
        <translation>Data objects</translation>
    </message>
    <message>
        <source>PKCS#11 模块</source>
        <comment>info.module</comment>
        <translation>PKCS#11 module</translation>
    </message>
    <message>
        <source>（无）</source>
        <comment>info.none</comment>
        <translation>(none)</translation>
    </message>
    <message>
        <source>厂商配置</source>
        <comment>info.vendor</comment>
        <translation>Vendor profile</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <comment>menu.file</comment>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>退出</source>
        <comment>menu.quit</comment>
        <translation>Quit</translation>
    </message>
    <message>
        <source>最近打开</source>
        <comment>menu.recent</comment>
        <translation>Open recent</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <comment>menu.view</comment>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>首页</source>
        <comment>nav.home</comment>
        <translation>Home</translation>
    </message>
    <message>
        <source>平台</source>
        <comment>nav.platform</comment>
        <translation>Platform</translation>
    </message>
    <message>
        <source>文件记录</source>
        <comment>nav.records</comment>
        <translation>Signed files</translation>
    </message>
    <message>
        <source>印控</source>
        <comment>nav.sealbox</comment>
        <translation>Seal boxes</translation>
    </message>
    <message>
        <source>印章</source>
        <comment>nav.seals</comment>
        <translation>Seals</translation>
    </message>
    <message>
        <source>设置</source>
        <comment>nav.settings</comment>
        <translation>Settings</translation>
    </message>
    <message>
        <source>文件签章</source>
        <comment>nav.sign</comment>
        <translation>Sign files</translation>
    </message>
    <message>
        <source>签章验证</source>
        <comment>nav.verify</comment>
        <translation>Verify</translation>
    </message>
    <message>
        <source>未检测到 USB Key。</source>
        <comment>no_tokens</comment>
        <translation>No USB key present.</translation>
    </message>
    <message>
        <source>已创建演示 USB Key：{folder}</source>
        <comment>ok.demo_created</comment>
        <translation>Demo USB key created: {folder}</translation>
    </message>
    <message>
        <source>使用方法（在 shell 中执行）：</source>
        <comment>ok.demo_env</comment>
        <translation>To use it (in your shell):</translation>
    </message>
    <message>
        <source>演示 USB Key 已就绪：{folder}</source>
        <comment>ok.demo_ready</comment>
        <translation>Demo USB key ready: {folder}</translation>
    </message>
    <message>
        <source>已转换为 PDF：{path}（{pages} 页）</source>
        <comment>ok.ofd_pdf</comment>
        <translation>Converted to PDF: {path} ({pages} pages)</translation>
    </message>
    <message>
        <source>已生成 {path}（第 {page} 页，{dpi} dpi）</source>
        <comment>ok.ofd_rendered</comment>
        <translation>Wrote {path} (page {page}, {dpi} dpi)</translation>
    </message>
    <message>
        <source>PIN 码已修改（{label}）。</source>
        <comment>ok.pin_changed</comment>
        <translation>PIN changed ({label}).</translation>
    </message>
    <message>
        <source>PIN 码正确（{label}）。</source>
        <comment>ok.pin_verified</comment>
        <translation>PIN correct ({label}).</translation>
    </message>
    <message>
        <source>已制作印章“{name}”：{path}</source>
        <comment>ok.seal_built</comment>
        <translation>Seal '{name}' made: {path}</translation>
    </message>
    <message>
        <source>已从 USB Key 删除印章：{label}</source>
        <comment>ok.seal_deleted</comment>
        <translation>Seal deleted from the USB key: {label}</translation>
    </message>
    <message>
        <source>已生成印章图片：{path}（{w:.0f}×{h:.0f} mm）</source>
        <comment>ok.seal_image</comment>
        <translation>Seal image written: {path} ({w:.0f}×{h:.0f} mm)</translation>
    </message>
    <message>
        <source>已从 USB Key 读出印章“{label}”：{path}</source>
        <comment>ok.seal_read</comment>
        <translation>Seal '{label}' read to {path}</translation>
    </message>
    <message>
        <source>已将印章写入 USB Key：{label}</source>
        <comment>ok.seal_written</comment>
        <translation>Seal written to the USB key: {label}</translation>
    </message>
    <message>
        <source>签章完成：成功 {signed} 个，失败 {failed} 个，未处理 {cancelled} 个。</source>
        <comment>ok.sign_summary</comment>
        <translation>Signed {signed}, failed {failed}, not processed {cancelled}.</translation>
    </message>
    <message>
        <source>查看操作日志</source>
        <comment>perm.audit.read</comment>
        <translation>read the operation log</translation>
    </message>
    <message>
        <source>查看数字证书</source>
        <comment>perm.certificate.read</comment>
        <translation>see the certificate</translation>
    </message>
    <message>
        <source>申请数字证书</source>
        <comment>perm.certificate.request</comment>
        <translation>request the certificate</translation>
    </message>
    <message>
        <source>管理部门</source>
        <comment>perm.departments.write</comment>
        <translation>manage departments</translation>
    </message>
    <message>
        <source>管理人员</source>
        <comment>perm.people.write</comment>
        <translation>manage people</translation>
    </message>
    <message>
        <source>分配角色</source>
        <comment>perm.roles.write</comment>
        <translation>give roles</translation>
    </message>
    <message>
        <source>查看白名单</source>
        <comment>perm.whitelist.read</comment>
        <translation>see the whitelist</translation>
    </message>
    <message>
        <source>管理白名单</source>
        <comment>perm.whitelist.write</comment>
        <translation>manage the whitelist</translation>
    </message>
    <message>
        <source>已输错过</source>
        <comment>pin.count_low</comment>
        <translation>wrong attempts</translation>
    </message>
    <message>
        <source>最后一次机会</source>
        <comment>pin.final_try</comment>
        <translation>final try</translation>
    </message>
    <message>
        <source>已锁定</source>
        <comment>pin.locked</comment>
        <translation>locked</translation>
    </message>
    <message>
        <source>正常</source>
        <comment>pin.ok</comment>
        <translation>ok</translation>
    </message>
    <message>
        <source>需修改</source>
        <comment>pin.to_be_changed</comment>
        <translation>must be changed</translation>
    </message>
    <message>
        <source>证件号</source>
        <comment>platform.cert_credit_code</comment>
        <translation>ID (credit code)</translation>
    </message>
    <message>
        <source>DN</source>
        <comment>platform.cert_dn</comment>
        <translation>DN</translation>
    </message>
    <message>
        <source>经办人</source>
        <comment>platform.cert_handler</comment>
        <translation>Handler</translation>
    </message>
    <message>
        <source>无效（未生效或已过期）</source>
        <comment>platform.cert_invalid</comment>
        <translation>not valid (not yet or expired)</translation>
    </message>
    <message>
        <source>已申请</source>
        <comment>platform.cert_issued</comment>
        <translation>requested</translation>
    </message>
    <message>
        <source>颁发者</source>
        <comment>platform.cert_issuer</comment>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>未申请</source>
        <comment>platform.cert_none</comment>
        <translation>not requested</translation>
    </message>
    <message>
        <source>已为“{unit}”申请数字证书。</source>
        <comment>platform.cert_requested</comment>
        <translation>The certificate of '{unit}' is requested.</translation>
    </message>
    <message>
        <source>序列号</source>
        <comment>platform.cert_serial</comment>
        <translation>Serial number</translation>
    </message>
    <message>
        <source>数字证书</source>
        <comment>platform.cert_state</comment>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>颁发对象</source>
        <comment>platform.cert_subject</comment>
        <translation>Issued to</translation>
    </message>
    <message>
        <source>有效</source>
        <comment>platform.cert_valid</comment>
        <translation>valid</translation>
    </message>
    <message>
        <source>有效性</source>
        <comment>platform.cert_valid_now</comment>
        <translation>Validity</translation>
    </message>
    <message>
        <source>有效期</source>
        <comment>platform.cert_validity</comment>
        <translation>Valid</translation>
    </message>
    <message>
        <source>已认领 {count} 项修改，并以您的名义发送。</source>
        <comment>platform.claimed</comment>
        <translation>Claimed {count} change(s) and sent them under your name.</translation>
    </message>
    <message>
        <source>已认领 {count} 项修改，联网后以您的名义发送。</source>
        <comment>platform.claimed_offline</comment>
        <translation>Claimed {count} change(s); they are sent under your name when the server is reachable.</translation>
    </message>
    <message>
        <source>已放弃 {count} 项无作者的修改；下次同步将重新获取全部数据。</source>
        <comment>platform.dropped</comment>
        <translation>Dropped {count} change(s) with no author; the next sync fetches everything again.</translation>
    </message>
    <message>
        <source>您有 {count} 项修改尚未发送，仍保存在本机，您再次登录后自动发送。</source>
        <comment>platform.kept_for_you</comment>
        <translation>{count} change(s) of yours not yet sent stay here and are sent when you log in again.</translation>
    </message>
    <message>
        <source>离职</source>
        <comment>platform.left</comment>
        <translation>left</translation>
    </message>
    <message>
        <source>已登录：{user}（{unit}），已同步。</source>
        <comment>platform.logged_in</comment>
        <translation>Logged in: {user} ({unit}), synced.</translation>
    </message>
    <message>
        <source>已退出登录。</source>
        <comment>platform.logged_out</comment>
        <translation>Logged out.</translation>
    </message>
    <message>
        <source>主UKey</source>
        <comment>platform.main_key</comment>
        <translation>main key</translation>
    </message>
    <message>
        <source>（未记录）</source>
        <comment>platform.no_author</comment>
        <translation>(unknown)</translation>
    </message>
    <message>
        <source>本机没有待同步的修改。</source>
        <comment>platform.outbox_empty</comment>
        <translation>No change waits here.</translation>
    </message>
    <message>
        <source>你离线时对 {name} 的修改未生效：服务器上已有更新的修改，本机已改为服务器上的内容。</source>
        <comment>platform.overridden_edit</comment>
        <translation>Your change to {name} made offline did not take effect: it had been changed on the server since, and the server's version is shown here now.</translation>
    </message>
    <message>
        <source>你离线时对 {name} 的移除未生效：服务器上已有更新的修改，本机已改为服务器上的内容。</source>
        <comment>platform.overridden_remove</comment>
        <translation>Your removal of {name} made offline did not take effect: it had been changed on the server since, and the server's version is shown here now.</translation>
    </message>
    <message>
        <source>你离线时对 {name} 的角色设置未生效：服务器上已有更新的修改，本机已改为服务器上的内容。</source>
        <comment>platform.overridden_roles</comment>
        <translation>Your roles for {name} set offline did not take effect: {name} had been changed on the server since, and the server's version is shown here now.</translation>
    </message>
    <message>
        <source>（待同步）</source>
        <comment>platform.pending</comment>
        <translation> (not yet synced)</translation>
    </message>
    <message>
        <source>已添加人员 {name}。</source>
        <comment>platform.person_added</comment>
        <translation>Added {name}.</translation>
    </message>
    <message>
        <source>已移除 {name}（列为离职）。</source>
        <comment>platform.person_removed</comment>
        <translation>Removed {name} (listed as left).</translation>
    </message>
    <message>
        <source>修改已保存在本机，联网后自动同步。</source>
        <comment>platform.queued</comment>
        <translation>The change is kept here and is sent when the server is reachable.</translation>
    </message>
    <message>
        <source>角色：{roles}</source>
        <comment>platform.roles</comment>
        <translation>Roles: {roles}</translation>
    </message>
    <message>
        <source>申请人</source>
        <comment>platform.seal_applicant</comment>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>已提交印章申请“{name}”（{type}，{size}），状态：{state}；CA 客服审核通过后方可使用。编号：{id}</source>
        <comment>platform.seal_applied</comment>
        <translation>Applied for the seal '{name}' ({type}, {size}): {state}; it can be used once the CA has approved it. Id: {id}</translation>
    </message>
    <message>
        <source>已冻结印章“{name}”：解冻前不能写入 UKey（sealdesk platform seal unfreeze）。</source>
        <comment>platform.seal_freezed</comment>
        <translation>Froze the seal '{name}': it is not written into a key until unfrozen (sealdesk platform seal unfreeze).</translation>
    </message>
    <message>
        <source>，已冻结</source>
        <comment>platform.seal_frozen_mark</comment>
        <translation>, frozen</translation>
    </message>
    <message>
        <source>经办人</source>
        <comment>platform.seal_handler</comment>
        <translation>Handler</translation>
    </message>
    <message>
        <source>印章图片</source>
        <comment>platform.seal_image</comment>
        <translation>Image</translation>
    </message>
    <message>
        <source>印章名称</source>
        <comment>platform.seal_name</comment>
        <translation>Seal name</translation>
    </message>
    <message>
        <source>没有印章申请。</source>
        <comment>platform.seal_none</comment>
        <translation>No seal applications.</translation>
    </message>
    <message>
        <source>已回执：印章“{name}”（{type}，{size}）现已有效，至 {valid_to}；用 sealdesk platform seal write 写入 UKey。</source>
        <comment>platform.seal_receipted</comment>
        <translation>Receipt done: the seal '{name}' ({type}, {size}) is valid until {valid_to}; write it into the key with sealdesk platform seal write.</translation>
    </message>
    <message>
        <source>已注销印章“{name}”（{type}，{size}）；已写入 UKey 的副本不会自动删除（sealdesk seal delete）。</source>
        <comment>platform.seal_revoked</comment>
        <translation>Revoked the seal '{name}' ({type}, {size}); a copy written into a key stays there (sealdesk seal delete).</translation>
    </message>
    <message>
        <source>印章规格</source>
        <comment>platform.seal_size</comment>
        <translation>Size</translation>
    </message>
    <message>
        <source>状态</source>
        <comment>platform.seal_state</comment>
        <translation>State</translation>
    </message>
    <message>
        <source>已过期</source>
        <comment>platform.seal_state_expired</comment>
        <translation>expired</translation>
    </message>
    <message>
        <source>已冻结</source>
        <comment>platform.seal_state_frozen</comment>
        <translation>frozen</translation>
    </message>
    <message>
        <source>待审核</source>
        <comment>platform.seal_state_pending</comment>
        <translation>pending review</translation>
    </message>
    <message>
        <source>待回执</source>
        <comment>platform.seal_state_receipt</comment>
        <translation>awaiting receipt</translation>
    </message>
    <message>
        <source>已否决</source>
        <comment>platform.seal_state_rejected</comment>
        <translation>rejected</translation>
    </message>
    <message>
        <source>已注销</source>
        <comment>platform.seal_state_revoked</comment>
        <translation>revoked</translation>
    </message>
    <message>
        <source>有效</source>
        <comment>platform.seal_state_valid</comment>
        <translation>valid</translation>
    </message>
    <message>
        <source>印章类型</source>
        <comment>platform.seal_type</comment>
        <translation>Type</translation>
    </message>
    <message>
        <source>云端印章</source>
        <comment>platform.seal_type_cloud</comment>
        <translation>cloud seal</translation>
    </message>
    <message>
        <source>USB KEY 印章</source>
        <comment>platform.seal_type_ukey</comment>
        <translation>USB key seal</translation>
    </message>
    <message>
        <source>已解冻印章“{name}”。</source>
        <comment>platform.seal_unfreezed</comment>
        <translation>Unfroze the seal '{name}'.</translation>
    </message>
    <message>
        <source>已同步：发送 {pushed} 项修改，收到 {pulled} 项（变更号 {seq}）。</source>
        <comment>platform.synced</comment>
        <translation>Synced: {pushed} change(s) sent, {pulled} received (change number {seq}).</translation>
    </message>
    <message>
        <source>没有可用的系统密钥环：登录凭据保存在仅本用户可读的文件中。</source>
        <comment>platform.token_file</comment>
        <translation>No system keyring: the session token is kept in a file only you can read.</translation>
    </message>
    <message>
        <source>登录凭据保存在系统密钥环中。</source>
        <comment>platform.token_keyring</comment>
        <translation>The session token is kept in the system keyring.</translation>
    </message>
    <message>
        <source>{count} 项修改由旧版 SealDesk 保存，没有记录是谁所做，不会自动发送：确认后用 sealdesk platform outbox claim 以您的名义发送，或用 outbox drop 放弃。</source>
        <comment>platform.unclaimed</comment>
        <translation>{count} change(s) kept by an earlier SealDesk do not say who made them and are not sent on their own: sealdesk platform outbox claim sends them under your name, outbox drop drops them.</translation>
    </message>
    <message>
        <source>另有 {count} 项修改是本机其他人员离线时所做，未发送：待其本人登录后以其名义发送。</source>
        <comment>platform.waiting_for_others</comment>
        <translation>{count} change(s) made here offline by someone else were not sent: they go under that person's name when they log in.</translation>
    </message>
    <message>
        <source>已将 {entity} 加入白名单。</source>
        <comment>platform.whitelist_added</comment>
        <translation>{entity} is on the whitelist.</translation>
    </message>
    <message>
        <source>已将 {entity} 移出白名单。</source>
        <comment>platform.whitelist_removed</comment>
        <translation>{entity} is off the whitelist.</translation>
    </message>
    <message>
        <source>您的，下次同步时发送</source>
        <comment>platform.whose_mine</comment>
        <translation>yours, sent with the next sync</translation>
    </message>
    <message>
        <source>他人的，待其登录后发送</source>
        <comment>platform.whose_other</comment>
        <translation>someone else's, sent when they log in</translation>
    </message>
    <message>
        <source>无作者，待认领</source>
        <comment>platform.whose_unclaimed</comment>
        <translation>no author, to be claimed</translation>
    </message>
    <message>
        <source>密钥文件 {path} 的密码：</source>
        <comment>prompt.key_password</comment>
        <translation>Password of the key file {path}: </translation>
    </message>
    <message>
        <source>新 PIN 码：</source>
        <comment>prompt.new_pin</comment>
        <translation>New PIN: </translation>
    </message>
    <message>
        <source>再次输入新 PIN 码：</source>
        <comment>prompt.new_pin_again</comment>
        <translation>New PIN again: </translation>
    </message>
    <message>
        <source>当前 PIN 码：</source>
        <comment>prompt.old_pin</comment>
        <translation>Current PIN: </translation>
    </message>
    <message>
        <source>{phone} 的登录密码：</source>
        <comment>prompt.password</comment>
        <translation>Login password of {phone}: </translation>
    </message>
    <message>
        <source>请输入 USB Key “{label}” 的 PIN 码：</source>
        <comment>prompt.pin</comment>
        <translation>PIN for USB key '{label}': </translation>
    </message>
    <message>
        <source>还没有文件记录。</source>
        <comment>records.none</comment>
        <translation>No file records yet.</translation>
    </message>
    <message>
        <source>维护接入的第三方应用：新增、修改、删除应用，查看、重置秘钥</source>
        <comment>role.app_admin</comment>
        <translation>Maintains the connected apps: add, change, delete them, see and reset their secrets</translation>
    </message>
    <message>
        <source>查看单位的所有操作记录</source>
        <comment>role.auditor</comment>
        <translation>Reads every operation of the unit</translation>
    </message>
    <message>
        <source>维护单位下的所有公务人员：新增、编辑、删除</source>
        <comment>role.people_admin</comment>
        <translation>Maintains the unit's civil servants: add, edit, remove</translation>
    </message>
    <message>
        <source>单位所有印章的生命周期及授权管理：申请、写入 UKey、注销、设置使用者、授权应用</source>
        <comment>role.seal_admin</comment>
        <translation>Every seal of the unit: apply, write into the key, revoke, set users, authorise apps</translation>
    </message>
    <message>
        <source>申请印章，申请人为印章的初始管理员</source>
        <comment>role.seal_maker</comment>
        <translation>Applies for seals and becomes their first administrator</translation>
    </message>
    <message>
        <source>默认只能是 UKey 用户；印章、人员、权限、文件管理，应用中心，审计，申请数字证书</source>
        <comment>role.system_admin</comment>
        <translation>A key user by default: seals, people, roles, files, apps, audit, the certificate</translation>
    </message>
    <message>
        <source>区域：{area}</source>
        <comment>sb.app_area</comment>
        <translation>Area: {area}</translation>
    </message>
    <message>
        <source>载体：{carrier}</source>
        <comment>sb.app_carrier</comment>
        <translation>Carrier: {carrier}</translation>
    </message>
    <message>
        <source>用印类别：{name}</source>
        <comment>sb.app_category</comment>
        <translation>Category: {name}</translation>
    </message>
    <message>
        <source>文件标识（条码）：{code}</source>
        <comment>sb.app_code_barcode</comment>
        <translation>File code (barcode): {code}</translation>
    </message>
    <message>
        <source>文件标识（二维码）：{code}</source>
        <comment>sb.app_code_qr</comment>
        <translation>File code (QR): {code}</translation>
    </message>
    <message>
        <source>部门：{name}</source>
        <comment>sb.app_department</comment>
        <translation>Department: {name}</translation>
    </message>
    <message>
        <source>文件：{name}（{type}，{copies} 份）</source>
        <comment>sb.app_file</comment>
        <translation>File: {name} ({type}, {copies} copies)</translation>
    </message>
    <message>
        <source>附件：{name}（{type}，{kb} KB）</source>
        <comment>sb.app_file_attachment</comment>
        <translation>Attachment: {name} ({type}, {kb} KB)</translation>
    </message>
    <message>
        <source>图片：{name}（{type}，{kb} KB）</source>
        <comment>sb.app_file_image</comment>
        <translation>Image: {name} ({type}, {kb} KB)</translation>
    </message>
    <message>
        <source>备注：{note}</source>
        <comment>sb.app_note</comment>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <source>强制上传图片</source>
        <comment>sb.app_photo_required</comment>
        <translation>Photos required</translation>
    </message>
    <message>
        <source>用印区域</source>
        <comment>sb.feature_area</comment>
        <translation>Area</translation>
    </message>
    <message>
        <source>用印次数</source>
        <comment>sb.feature_count</comment>
        <translation>Count</translation>
    </message>
    <message>
        <source>用印部门</source>
        <comment>sb.feature_department</comment>
        <translation>Department</translation>
    </message>
    <message>
        <source>结束时间</source>
        <comment>sb.feature_end</comment>
        <translation>End time</translation>
    </message>
    <message>
        <source>文件标识</source>
        <comment>sb.feature_file_code</comment>
        <translation>Document code</translation>
    </message>
    <message>
        <source>校验指纹</source>
        <comment>sb.feature_fingerprint</comment>
        <translation>Fingerprint check</translation>
    </message>
    <message>
        <source>强制上传使用记录</source>
        <comment>sb.feature_force_upload</comment>
        <translation>Forced record upload</translation>
    </message>
    <message>
        <source>备注</source>
        <comment>sb.feature_note</comment>
        <translation>Note</translation>
    </message>
    <message>
        <source>盖章拍照</source>
        <comment>sb.feature_photo</comment>
        <translation>Photo of each stamp</translation>
    </message>
    <message>
        <source>申请用印强制上传图片</source>
        <comment>sb.feature_photo_required</comment>
        <translation>Image required with an application</translation>
    </message>
    <message>
        <source>预先授权</source>
        <comment>sb.feature_preauthorize</comment>
        <translation>Pre-authorization</translation>
    </message>
    <message>
        <source>是否短信</source>
        <comment>sb.feature_sms</comment>
        <translation>SMS on each use</translation>
    </message>
    <message>
        <source>开始时间</source>
        <comment>sb.feature_start</comment>
        <translation>Start time</translation>
    </message>
    <message>
        <source>微信通知（仅记录设置，本系统不发微信）</source>
        <comment>sb.feature_wechat</comment>
        <translation>WeChat notice (kept only)</translation>
    </message>
    <message>
        <source>批量配置</source>
        <comment>sb.features_batch</comment>
        <translation>Batch</translation>
    </message>
    <message>
        <source>手动配置</source>
        <comment>sb.features_manual</comment>
        <translation>Manual</translation>
    </message>
    <message>
        <source>用印区域：{area}</source>
        <comment>sb.grant_area</comment>
        <translation>Area: {area}</translation>
    </message>
    <message>
        <source>用印中</source>
        <comment>sb.grant_state_active</comment>
        <translation>in use</translation>
    </message>
    <message>
        <source>用印结束</source>
        <comment>sb.grant_state_ended</comment>
        <translation>ended</translation>
    </message>
    <message>
        <source>已过期</source>
        <comment>sb.grant_state_expired</comment>
        <translation>expired</translation>
    </message>
    <message>
        <source>设备拒绝</source>
        <comment>sb.grant_state_refused</comment>
        <translation>refused by the box</translation>
    </message>
    <message>
        <source>待激活</source>
        <comment>sb.grant_state_waiting</comment>
        <translation>waiting for activation</translation>
    </message>
    <message>
        <source>直接授权</source>
        <comment>sb.grant_way_direct</comment>
        <translation>direct</translation>
    </message>
    <message>
        <source>预先授权</source>
        <comment>sb.grant_way_preauthorized</comment>
        <translation>pre-authorized</translation>
    </message>
    <message>
        <source>电子印章模式</source>
        <comment>sb.usage_electronic</comment>
        <translation>electronic seal mode</translation>
    </message>
    <message>
        <source>物理印章模式</source>
        <comment>sb.usage_physical</comment>
        <translation>physical seal mode</translation>
    </message>
    <message>
        <source>印章有效期截止到 {end}：证书“{cert}”在那时到期，印章不能比它所列的证书用得更久。</source>
        <comment>seal.capped</comment>
        <translation>The seal is valid until {end}: the certificate '{cert}' expires then, and a seal cannot outlive the certificates it names.</translation>
    </message>
    <message>
        <source>检查结果</source>
        <comment>seal.checks</comment>
        <translation>Checks</translation>
    </message>
    <message>
        <source>证书摘要</source>
        <comment>seal.digest</comment>
        <translation>certificate digest</translation>
    </message>
    <message>
        <source>制章人</source>
        <comment>seal.maker</comment>
        <translation>Maker</translation>
    </message>
    <message>
        <source>印章名称</source>
        <comment>seal.name</comment>
        <translation>Seal</translation>
    </message>
    <message>
        <source>USB Key 中没有印章。</source>
        <comment>seal.none_in_key</comment>
        <translation>No seal in the USB key.</translation>
    </message>
    <message>
        <source>印章图片</source>
        <comment>seal.picture</comment>
        <translation>Picture</translation>
    </message>
    <message>
        <source>签章</source>
        <comment>seal.signature</comment>
        <translation>Signed by</translation>
    </message>
    <message>
        <source>授权证书</source>
        <comment>seal.signers</comment>
        <translation>Certificates allowed to use it</translation>
    </message>
    <message>
        <source>操作日志被篡改：第 {row} 条记录已被修改（之前 {rows} 条完好）。</source>
        <comment>server.audit_edited</comment>
        <translation>The operation log was tampered with: row {row} was edited ({rows} rows before it hold).</translation>
    </message>
    <message>
        <source>操作日志完整：{rows} 条记录的哈希链无误。</source>
        <comment>server.audit_intact</comment>
        <translation>The operation log is intact: the hash chain of {rows} rows holds.</translation>
    </message>
    <message>
        <source>操作日志被篡改：第 {row} 条记录已被删除（之前 {rows} 条完好）。</source>
        <comment>server.audit_missing</comment>
        <translation>The operation log was tampered with: row {row} was deleted ({rows} rows before it hold).</translation>
    </message>
    <message>
        <source>操作日志被篡改：从第 {row} 条起的最后记录已被删除（之前 {rows} 条完好）。</source>
        <comment>server.audit_tail_cut</comment>
        <translation>The operation log was tampered with: the rows from {row} on were deleted ({rows} rows before hold).</translation>
    </message>
    <message>
        <source>平台服务器已启动：{url}（Ctrl+C 停止）</source>
        <comment>server.listening</comment>
        <translation>Serving on {url} (Ctrl+C stops)</translation>
    </message>
    <message>
        <source>数据库结构已是最新。</source>
        <comment>server.migrated</comment>
        <translation>The database schema is up to date.</translation>
    </message>
    <message>
        <source>未指定 --trust 根证书：任何 UKey 都无法登录。</source>
        <comment>server.no_trust</comment>
        <translation>No --trust root given: no key can log in.</translation>
    </message>
    <message>
        <source>已添加平台运维人员 {name}。一次性密码（首次登录须修改，只显示这一次）：{password}</source>
        <comment>server.operator_added</comment>
        <translation>Operator {name} added. One-time password (to be changed at first login, shown only now): {password}</translation>
    </message>
    <message>
        <source>已通过“{unit}”的印章申请“{name}”：平台已制作印章，待单位回执（sealdesk platform seal receipt）。</source>
        <comment>server.seal_approved</comment>
        <translation>Approved {unit}'s seal application '{name}': the platform made the seal; it waits for the unit's receipt (sealdesk platform seal receipt).</translation>
    </message>
    <message>
        <source>已否决“{unit}”的印章申请“{name}”：{reason}</source>
        <comment>server.seal_rejected</comment>
        <translation>Rejected {unit}'s seal application '{name}': {reason}</translation>
    </message>
    <message>
        <source>骑缝章：{total} 页分 {groups} 组，每组 {pages} 页盖一个完整的印章，每条至少 {strip:.1f} 毫米。</source>
        <comment>sign.cross_groups</comment>
        <translation>Cross-page seal: {total} pages in {groups} group(s) of {pages} pages, each group a whole seal, strips at least {strip:.1f} mm.</translation>
    </message>
    <message>
        <source>用证书签署：{name}</source>
        <comment>sign.with_certificate</comment>
        <translation>Signing with the certificate: {name}</translation>
    </message>
    <message>
        <source>自动检测</source>
        <comment>source.detected</comment>
        <translation>auto-detected</translation>
    </message>
    <message>
        <source>环境变量 SEALDESK_PKCS11_MODULE</source>
        <comment>source.environment</comment>
        <translation>SEALDESK_PKCS11_MODULE</translation>
    </message>
    <message>
        <source>命令行 --module</source>
        <comment>source.option</comment>
        <translation>--module option</translation>
    </message>
    <message>
        <source>设置文件</source>
        <comment>source.settings</comment>
        <translation>settings file</translation>
    </message>
    <message>
        <source>无法确定</source>
        <comment>verdict.indeterminate</comment>
        <translation>indeterminate</translation>
    </message>
    <message>
        <source>无效</source>
        <comment>verdict.invalid</comment>
        <translation>INVALID</translation>
    </message>
    <message>
        <source>没有签名</source>
        <comment>verdict.unsigned</comment>
        <translation>no signature</translation>
    </message>
    <message>
        <source>有效</source>
        <comment>verdict.valid</comment>
        <translation>valid</translation>
    </message>
    <message>
        <source>正在监视 USB Key 插拔（{source}），按 Ctrl+C 结束。</source>
        <comment>watch.started</comment>
        <translation>Watching USB keys ({source}); Ctrl+C to stop.</translation>
    </message>
</context>
</TS>
