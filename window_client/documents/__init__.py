"""The printed documents of the window: 受理回执, 一次性告知书, 取件凭证 (A4 and
80 mm roll), 办事指南 and 出件登记单, as PDF bytes made with reportlab and the
bundled WenQuanYi Micro Hei (embedded as a subset). No Qt and no database here:
the renderers take the plain frozen data of ``data.py``."""

from .data import (Agent, Applicant, DeliveryInfo, DocFee, DocItem, DocMaterial, DocOutput,
                   DocumentCase, GuideData, GuideQuestion, HallInfo, HandoverData,
                   document_case_from, guide_data_from, hall_info)
from .render import KINDS, TITLES, render

__all__ = ["Agent", "Applicant", "DeliveryInfo", "DocFee", "DocItem", "DocMaterial",
           "DocOutput", "DocumentCase", "GuideData", "GuideQuestion", "HallInfo",
           "HandoverData", "KINDS", "TITLES", "document_case_from", "guide_data_from",
           "hall_info", "render"]
