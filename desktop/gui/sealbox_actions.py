"""What the 印控 page does to a box: 绑定印章盒 (scan, choose, name), 下发授权 (from the 印章盒
tab or an approved application), 申请用印 (refused while 强制上传记录 is owed), 激活授权 (a
预先授权's code, by its grantee), 结束用印, 取回记录 (progress and 取消), 设置 (with the
主管理员's code for 无网络设置), 管章人 (at most
three), 重命名 (admins), 挂失锁定 / 解除锁定 and 解绑 after a confirmation.

Each opens its dialog, then runs on the page's worker through :meth:`SealboxPage.keeper`; a
refusal is said in the dialog (still open, 确定 again), a command the platform took while the
box is out of reach is said on the page (the box gets it at its next contact)."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sealdesk.app import sealbox_files, sealbox_view
from sealdesk.app.sealbox import BoxPending, Keeper, Progress
from sealdesk.app.sealbox_files import FileNotUploaded
from sealdesk.app.sealbox_view import Cancelled
from sealdesk.desktop.gui.platform_dialogs import FormDialog, confirm
from sealdesk.desktop.gui.platform_page import listed
from sealdesk.desktop.gui.sealbox_common import Json
from sealdesk.desktop.gui.sealbox_dialogs import (
    ActivateDialog,
    BindDialog,
    GrantDialog,
    KeepersDialog,
    SettingsDialog,
    local_minutes,
)
from sealdesk.desktop.gui.sealbox_features import (
    FeaturedApplyDialog,
    FeaturedGrantDialog,
    features_of,
)
from sealdesk.desktop.gui.sealbox_forms import ApplyDialog, RenameDialog
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.platform_words import grant_usage

if TYPE_CHECKING:
    from sealdesk.desktop.gui.sealbox_page import SealboxPage


D = TypeVar("D", bound=FormDialog)


def photos_refused(result: Json) -> str:
    """A sentence on the photos a download did not keep (not what their record said: asked
    again at the next fetch), or "" when it kept every one."""
    refused = len(result.get("photos_refused") or [])
    return " " + tr("gui.sb_photos_refused", count=refused) if refused else ""


class BoxActions:
    """The page's actions on the box chosen in its 印章盒 tab."""

    def __init__(self, page: SealboxPage) -> None:
        self.page = page

    def _pending_closes(self, dialog: FormDialog) -> Callable[[BaseException], None]:
        """A refusal said in the dialog; the platform took it (BoxPending): the dialog's work
        is done, it closes and the page says the box gets it later."""
        page = self.page

        def failed(e: BaseException) -> None:
            if isinstance(e, BoxPending):
                dialog.accept()
            page.in_dialog(dialog)(e)

        return failed

    def _stoppable(
        self,
        call: Callable[[Keeper, Progress], Awaitable[Json]],
        done: Callable[[Json], None],
        text: str,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """``call(keeper, progress)`` with its progress on the busy bar and 取消 beside it
        (the work stops at its next progress report)."""
        page = self.page
        stop = threading.Event()
        progress = sealbox_view.stoppable(page.report_progress, stop)

        async def work(k: Keeper) -> Json:
            return await call(k, progress)

        page.keeper(work, done, text=text, failed=failed, stop=stop)

    # --- bind --------------------------------------------------------------------------------

    def open_bind(self) -> None:
        page = self.page
        dialog = BindDialog(page, page.view.boxes if page.view else [])
        dialog.scan_requested.connect(lambda: self._scan_for(dialog))
        dialog.submitted.connect(lambda: self._bind(dialog))
        page.open_dialog(dialog)
        self._scan_for(dialog)  # the boxes in reach at once; 扫描 again for more

    def _scan_for(self, dialog: BindDialog) -> None:
        dialog.scan_button.setEnabled(False)
        dialog.scan_state.setText(tr("gui.sb_scanning"))
        timeout = max(self.page.scan_timeout, 2.0)

        def work() -> Any:
            import asyncio

            return asyncio.run(sealbox_view.heard(timeout))

        self.page.run(
            work,
            dialog.show_found,
            text=tr("gui.sb_scanning"),
            failed=lambda e: dialog.show_found(None, message_of(e)),
        )

    def _bind(self, dialog: BindDialog) -> None:
        page = self.page
        address, name, note = dialog.address(), dialog.name.text().strip(), dialog.note.text()

        async def work(k: Keeper) -> Json:
            return await k.bind(address, name=name, note=note.strip())

        def done(result: Json) -> None:
            dialog.accept()
            b = result["box"]
            page.say(tr("gui.sb_bound", name=b["name"], model=b["model"], screen=b["screen"]))
            page.refresh()

        page.keeper(work, done, text=tr("gui.sb_binding"), failed=page.in_dialog(dialog))

    # --- apply ---------------------------------------------------------------------------------

    def _box_form(
        self, make: Callable[[SealboxPage, Json], D], send: Callable[[D, Json], None]
    ) -> None:
        """``make(page, box)``'s dialog for the chosen box; ``send(dialog, box)`` at its 确定."""
        page = self.page
        box = page.selected_box()
        if box is None:
            return
        dialog = make(page, box)
        dialog.submitted.connect(lambda: send(dialog, box))
        page.open_dialog(dialog)

    def open_apply(self) -> None:
        """The unit's 用印类别 and 部门 to choose from, as the page's last refresh had them."""
        view = self.page.view
        categories = view.categories if view is not None else []
        departments = view.departments if view is not None else []
        self._box_form(
            lambda page, box: FeaturedApplyDialog(
                page, features_of(page), box, categories, departments
            ),
            self._apply,
        )

    def _apply(self, dialog: ApplyDialog, box: Json) -> None:
        """The platform's refusal (强制上传记录 owed: which records, what to do) is said in the
        dialog, still open."""
        page, values, files = self.page, dialog.values(), dialog.files()

        async def work(k: Keeper) -> Json:
            return await sealbox_files.apply(k, box["id"], values, files, page.report_progress)

        def done(result: Json) -> None:
            dialog.accept()
            count = result["count"] or tr("gui.sb_unlimited")
            page.say(tr("gui.sb_applied", reason=result["reason"], count=count))
            page.refresh(scan=False)

        in_dialog = page.in_dialog(dialog)

        def failed(e: BaseException) -> None:
            """A file not taken: the application is made (its files so far with it), the
            dialog closes and the page says which file; 添加图片/附件 below the list sends it
            again."""
            if not isinstance(e, FileNotUploaded):
                in_dialog(e)
                return
            dialog.accept()
            page.problem(e)
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_applying"), failed=failed)

    # --- rename --------------------------------------------------------------------------------

    def open_rename(self) -> None:
        self._box_form(RenameDialog, self._rename)

    def _rename(self, dialog: RenameDialog, box: Json) -> None:
        page = self.page
        name, note = dialog.values()

        async def work(k: Keeper) -> Json:
            return await sealbox_view.rename(k, box["id"], name=name, note=note)

        def done(result: Json) -> None:
            dialog.accept()
            page.say(tr("gui.sb_renamed", before=box["name"], name=result["box"]["name"]))
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_renaming"), failed=page.in_dialog(dialog))

    # --- grant, end ----------------------------------------------------------------------------

    def open_grant(self, application: Json | None = None) -> None:
        page = self.page
        box = page.selected_box()
        if application is not None and page.view is not None:
            box = next((b for b in page.view.boxes if b["id"] == application["box_id"]), None)
        if box is None:
            return
        in_use = box.get("open_grant")
        dialog = FeaturedGrantDialog(page, features_of(page), box, page.people, application, in_use)
        dialog.submitted.connect(lambda: self._grant(dialog, box))
        page.open_dialog(dialog)

    def _grant(self, dialog: GrantDialog, box: Json) -> None:
        page, values = self.page, dialog.values()

        async def work(k: Keeper) -> Json:
            return await sealbox_view.grant(k, box["id"], values)

        def done(result: Json) -> None:
            dialog.accept()
            self._granted(result)
            page.refresh(scan=False)

        def failed(e: BaseException) -> None:
            if isinstance(e, BoxPending):  # the platform has it: the dialog's work is done
                self._granted(e.result)
            self._pending_closes(dialog)(e)

        page.keeper(work, done, text=tr("gui.sb_granting"), failed=failed)

    def _granted(self, result: Json) -> None:
        g = result["grant"]
        text = tr(
            "gui.sb_granted_said",
            user=g["user_name"],
            count=g["count"] or tr("gui.sb_unlimited"),
            start=local_minutes(g["not_before"]),
            end=local_minutes(g["not_after"]),
        )
        text += "  " + grant_usage(g)
        if result.get("activation_code"):
            text += " " + tr("gui.sb_activation_code", code=result["activation_code"])
        self.page.say(text)

    def end_use(self) -> None:
        page = self.page
        box = page.selected_box()
        if box is None:
            return

        def done(result: Json) -> None:
            g = result["grant"]
            refused = photos_refused(result.get("records") or {})
            page.say(tr("gui.sb_ended", user=g["user_name"], used=g["used"]) + refused)
            page.refresh(scan=False)

        self._stoppable(
            lambda k, progress: k.end(box["id"], progress=progress), done, tr("gui.sb_ending")
        )

    # --- records -------------------------------------------------------------------------------

    def pull_records(self) -> None:
        """取回记录: the box's new records and photos to this computer, then to the platform;
        取消 stops after the batch in hand (what came is kept; the next run goes on)."""
        page = self.page
        box = page.selected_box()
        if box is None:
            return

        def done(result: Json) -> None:
            refused = photos_refused(result)
            said = tr(
                "gui.sb_pulled",
                name=result["box"]["name"],
                new=result["new"],
                photos=result["photos"],
                uploaded=result["uploaded"],
            )
            page.say(said + refused, error=bool(refused))
            page.refresh(scan=False)
            page.tabs.setCurrentWidget(page.records)

        def failed(e: BaseException) -> None:
            if isinstance(e, Cancelled):
                page.say(tr("gui.sb_cancelled"), error=True)
                page.refresh(scan=False)
                return
            page.problem(e)

        self._stoppable(
            lambda k, progress: k.records(box["id"], progress=progress),
            done,
            tr("gui.sb_pulling"),
            failed,
        )

    # --- settings, lost-lock ------------------------------------------------------------------

    def open_settings(self) -> None:
        page = self.page
        box = page.selected_box()
        if box is None:
            return
        dialog = SettingsDialog(page, box, may_get_code=page.may("sealbox.offline_code"))
        dialog.submitted.connect(lambda: self._settings(dialog, box))
        dialog.code_requested.connect(lambda: self._offline_code(dialog, box))
        page.open_dialog(dialog)

    def _offline_code(self, dialog: SettingsDialog, box: Json) -> None:
        page = self.page

        async def work(k: Keeper) -> Json:
            return await k.offline_code(box["id"])

        def done(result: Json) -> None:
            dialog.show_code(str(result["code"]))

        page.keeper(work, done, text=tr("gui.sb_saving"), failed=page.in_dialog(dialog))

    def _settings(self, dialog: SettingsDialog, box: Json) -> None:
        page = self.page
        backlight, auto_off = dialog.backlight.value(), dialog.auto_off.value()
        offline, typed = dialog.offline_change(), dialog.code.text()

        async def work(k: Keeper) -> Json:
            code = sealbox_view.check_settings(backlight, auto_off, offline=offline, code=typed)
            return await k.settings(
                box["id"], backlight=backlight, auto_off=auto_off, offline=offline, code=code
            )

        def done(result: Json) -> None:
            dialog.accept()
            s = result["box"]["settings"]
            page.say(
                tr(
                    "gui.sb_settings_said",
                    backlight=s["backlight"],
                    auto_off=s["auto_off"],
                    offline=tr("gui.sb_on" if s["offline"] else "gui.sb_off"),
                )
            )
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_saving"), failed=self._pending_closes(dialog))

    def ask_lock(self) -> None:
        page = self.page
        box = page.selected_box()
        if box is None:
            return
        unlock = box.get("lock", "none") in ("locked", "pending")
        key = "gui.sb_unlock_confirm" if unlock else "gui.sb_lock_confirm"
        page.confirm_box = confirm(
            page,
            tr("gui.sb_unlock" if unlock else "gui.sb_lock"),
            tr(key, name=box["name"]),
            lambda: self.lock(box, unlock=unlock),
        )

    def lock(self, box: Json, *, unlock: bool = False) -> None:
        page = self.page

        async def work(k: Keeper) -> Json:
            return await k.lock(box["id"], unlock=unlock)

        def done(result: Json) -> None:
            name = result["box"]["name"]
            page.say(tr("gui.sb_unlocked" if unlock else "gui.sb_locked", name=name))
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_saving"))

    # --- unbind, keepers -----------------------------------------------------------------------

    def ask_unbind(self) -> None:
        page = self.page
        box = page.selected_box()
        if box is None:
            return
        page.confirm_box = confirm(
            page,
            tr("gui.sb_unbind"),
            tr("gui.sb_unbind_confirm", name=box["name"]),
            lambda: self.unbind(box),
        )

    def unbind(self, box: Json) -> None:
        """解绑: the box must be in reach; the platform refuses while a grant is open (its
        reason said on the page), and nothing changes then."""
        page = self.page

        async def work(k: Keeper) -> Json:
            return await k.unbind(box["id"])

        def done(result: Json) -> None:
            page.say(tr("gui.sb_unbound", name=result["box"]["name"], screen=result["screen"]))
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_unbinding"))

    def open_keepers(self) -> None:
        page = self.page
        box = page.selected_box()
        if box is None:
            return
        dialog = KeepersDialog(page, box, page.people)
        dialog.submitted.connect(lambda: self._keepers(dialog, box))
        page.open_dialog(dialog)

    def _keepers(self, dialog: KeepersDialog, box: Json) -> None:
        page, chosen, seen = self.page, dialog.values(), dialog.box.get("keepers_seq")
        in_dialog = page.in_dialog(dialog)

        async def work(k: Keeper) -> Json:
            return await sealbox_view.set_keepers(k, box["id"], chosen, seen)

        def done(result: Json) -> None:
            dialog.accept()
            b = result["box"]
            names = listed([p["name"] for p in b.get("keepers", [])]) or "-"
            page.say(tr("gui.sb_keepers_said", box=b["name"], names=names))
            page.refresh(scan=False)

        def failed(e: BaseException) -> None:
            """Another admin changed them since: their keepers now, ticked, and said; the page
            shows the box as it is now."""
            if not isinstance(e, sealbox_view.Stale) or not isinstance(e.now, dict):
                in_dialog(e)
                return
            name = tr("gui.sb_stale_keepers", box=e.now.get("name") or box["name"])
            if dialog.isVisible():
                dialog.show_box(e.now)
                dialog.unbusy()
                dialog.show_problem(tr("gui.sb_stale", name=name))
            else:
                page.say(tr("gui.sb_stale", name=name), error=True)
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_saving"), failed=failed)

    # --- activation of a pre-authorization -----------------------------------------------------

    def open_activate(self) -> None:
        page = self.page
        box = page.selected_box()
        mine = page.view.mine if page.view is not None else []
        grant = sealbox_view.waiting_activation(mine, (box or {}).get("id"))
        if box is None or grant is None:
            return
        dialog = ActivateDialog(page, box, grant)
        dialog.submitted.connect(lambda: self._activate(dialog, box))
        page.open_dialog(dialog)

    def _activate(self, dialog: ActivateDialog, box: Json) -> None:
        page, code = self.page, dialog.code.text()

        async def work(k: Keeper) -> Json:
            return await sealbox_view.activate(k, box["id"], code)

        def done(result: Json) -> None:
            dialog.accept()
            page.say(tr("gui.sb_activated", screen=result.get("screen") or "-"))
            page.refresh(scan=False)

        def failed(e: BaseException) -> None:
            if not isinstance(e, BoxPending):
                page.in_dialog(dialog)(e)
                return
            dialog.accept()  # the platform took the code; the box needs it at the box
            page.say(tr("gui.sb_activate_pending", why=message_of(e.cause)), error=True)
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_activating"), failed=failed)
