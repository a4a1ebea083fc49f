"""Photos of children: stored private, their metadata (EXIF: GPS position, camera, date) removed on upload,
served to a sponsor only through the portal's checked endpoint.

Frappe writes an upload to disk before any app hook runs, so the File's after_insert rewrites it: the image
is decoded with Pillow, turned upright by its EXIF orientation, and saved again with no metadata at all, as
a new private file; the upload as it came is deleted (unless another File shares it).
"""

import io
import os

import frappe
from frappe import _
from frappe.core.doctype.file.utils import get_content_hash
from frappe.utils import random_string
from PIL import Image, ImageOps, UnidentifiedImageError

# Records whose attachments are about a child.
CHILD_DOCTYPES = ("LPN Sponsor Update", "LPN Child")
# Pillow format -> what it saves as (formats a browser shows; others become JPEG).
KEEP_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "GIF"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def without_metadata(content: bytes) -> tuple[bytes, str] | None:
	"""(the image re-encoded without any metadata, its extension), or None when it is not an image."""
	try:
		image = Image.open(io.BytesIO(content))
		image.load()
	except (UnidentifiedImageError, OSError, ValueError):
		return None
	kind = KEEP_FORMATS.get(image.format or "", "JPEG")
	upright = ImageOps.exif_transpose(image)
	if kind == "JPEG" and upright.mode not in ("RGB", "L"):
		upright = upright.convert("RGB")
	elif upright.mode not in ("RGB", "RGBA", "L", "LA"):
		upright = upright.convert("RGBA")
	# A new image takes the pixels only: no EXIF, XMP, text chunks or comments come along.
	clean = Image.new(upright.mode, upright.size)
	clean.paste(upright)
	out = io.BytesIO()
	options = {"quality": 90} if kind in ("JPEG", "WEBP") else {}
	clean.save(out, format=kind, **options)
	return out.getvalue(), EXTENSIONS[kind]


def protect_upload(file, method=None) -> None:
	"""File after_insert: an attachment of a child's record becomes private and loses its metadata."""
	if file.is_folder or not file.file_url or file.file_url.startswith(("http://", "https://")):
		return
	if file.attached_to_doctype not in CHILD_DOCTYPES:
		return
	old_path = file.get_full_path()
	content = file.get_content()
	if isinstance(content, str):
		content = content.encode()
	cleaned = without_metadata(content)
	if cleaned is None and file.is_private:
		return
	data, extension = cleaned if cleaned else (content, None)
	stem = os.path.splitext(file.file_name or "photo")[0]
	file_name = (
		f"{random_string(12)}-{stem}.{extension}" if extension else f"{random_string(12)}-{file.file_name}"
	)
	new_path = frappe.get_site_path("private", "files", file_name)
	with open(new_path, "wb") as out:
		out.write(data)
	shared = frappe.db.count("File", {"file_url": file.file_url, "name": ("!=", file.name)})
	if file.flags.new_file and not shared and os.path.exists(old_path):
		os.remove(old_path)
	values = {
		"file_url": f"/private/files/{file_name}",
		"is_private": 1,
		"content_hash": get_content_hash(data),
		"file_size": len(data),
	}
	file.db_set(values, update_modified=False)
	file._content = file.content = data


def check_private(url: str | None) -> None:
	"""A photo field of a child's record names a private file."""
	if url and not url.startswith("/private/files/"):
		frappe.throw(_("Photos of children are stored private: upload the photo again here"))
