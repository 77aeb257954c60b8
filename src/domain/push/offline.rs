//! `OfflinePushInfo` with `AndroidInfo` and `ApnsInfo` (im-api.md §5).
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfflinePushInfo {
    /// 0 push normally, 1 no offline push.
    #[serde(rename = "PushFlag", default, skip_serializing_if = "Option::is_none")]
    pub push_flag: Option<i64>,
    #[serde(rename = "Title", default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(rename = "Desc", default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// Pass-through data; should be a JSON string or some vendors drop the push.
    #[serde(rename = "Ext", default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<String>,
    #[serde(
        rename = "AndroidInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub android_info: Option<AndroidInfo>,
    #[serde(rename = "ApnsInfo", default, skip_serializing_if = "Option::is_none")]
    pub apns_info: Option<ApnsInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AndroidInfo {
    #[serde(rename = "Sound", default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
    #[serde(
        rename = "HuaWeiChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_channel_id: Option<String>,
    #[serde(
        rename = "XiaoMiChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub xiaomi_channel_id: Option<String>,
    #[serde(
        rename = "OPPOChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_channel_id: Option<String>,
    #[serde(
        rename = "GoogleChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub google_channel_id: Option<String>,
    #[serde(
        rename = "VIVOClassification",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vivo_classification: Option<i64>,
    #[serde(
        rename = "VIVOCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vivo_category: Option<String>,
    #[serde(
        rename = "VIVONotifyType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vivo_notify_type: Option<i64>,
    #[serde(
        rename = "HuaWeiImportance",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_importance: Option<String>,
    #[serde(
        rename = "HuaWeiCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_category: Option<String>,
    #[serde(
        rename = "ExtAsHuaweiIntentParam",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ext_as_huawei_intent_param: Option<i64>,
    #[serde(
        rename = "HuaWeiImage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_image: Option<String>,
    #[serde(
        rename = "HonorImportance",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub honor_importance: Option<String>,
    #[serde(
        rename = "HonorImage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub honor_image: Option<String>,
    #[serde(
        rename = "OPPOCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_category: Option<String>,
    #[serde(
        rename = "OPPONotifyLevel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_notify_level: Option<i64>,
    #[serde(
        rename = "OPPOPrivateMsgTemplateId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_private_msg_template_id: Option<String>,
    #[serde(
        rename = "OPPOPrivateTitleParameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_private_title_parameters: Option<BTreeMap<String, String>>,
    #[serde(
        rename = "OPPOPrivateContentParameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_private_content_parameters: Option<BTreeMap<String, String>>,
    #[serde(
        rename = "GoogleImage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub google_image: Option<String>,
    #[serde(
        rename = "GooglePriority",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub google_priority: Option<String>,
    #[serde(
        rename = "MeiZuNoticeMsgType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub meizu_notice_msg_type: Option<i64>,
    #[serde(rename = "PushStyle", default, skip_serializing_if = "Option::is_none")]
    pub push_style: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApnsInfo {
    #[serde(rename = "Sound", default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
    /// 0 or absent: increment the badge; 1: leave it.
    #[serde(rename = "BadgeMode", default, skip_serializing_if = "Option::is_none")]
    pub badge_mode: Option<i64>,
    #[serde(rename = "Title", default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(rename = "SubTitle", default, skip_serializing_if = "Option::is_none")]
    pub sub_title: Option<String>,
    #[serde(rename = "Image", default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(
        rename = "MutableContent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mutable_content: Option<i64>,
    #[serde(
        rename = "InterruptionLevel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub interruption_level: Option<String>,
    #[serde(
        rename = "ContentAvailable",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub content_available: Option<i64>,
}
